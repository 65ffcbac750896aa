#!/usr/bin/env python3
"""Builds, with botocore's own serializer and parser, the request and the parsed answer of every
sample of Amazon Connect and its family, for the wire-equality tests
(services/<service>/samples/tests/botocore.rs).

Input (stdin): one JSON object a line, {"service", "operation", "set", "input", "answer"}, as
printed by `cargo xtask samples` (`service` is botocore's name of the service; the `full` line
of each operation also has "errors": [{"code", "status", "body"}], an answer of each error the
operation models).
Output (stdout): one JSON object a line, in the same order:
  {"service", "operation", "set", "input",
   "request": {"method", "path", "query": [[name, value], ...] (decoded), "raw_query",
               "headers": {modeled header (lower case): value or null, and awsJson's
                           x-amz-target},
               "content_type", "body": parsed JSON or null},
   "idempotency": [{"location": "body" | "header" | "querystring" | "uri", "name"}],
   "answer": the parsed answer as JSON (timestamps as epoch seconds, an int when whole),
   "errors" (the `full` line only): for each modeled error the sample gives, the answer
            sent, {"code", "status", "headers", "body"}, and what botocore read of it,
            "parsed": {"code", "message", "members"} as its ClientError has them, or null},
   "error": what botocore refused, if it did}
Nothing goes to the network: a `before-send` handler of each service's client captures the
prepared request and answers with the sample answer. Idempotency tokens botocore fills in (the input leaves them out) are
checked to be UUIDs and written as IDEMPOTENCY_TOKEN, so that the output is deterministic.

    cargo xtask samples \
      | python3 conformance/botocore_requests.py > conformance/botocore.jsonl

With `--compare-models models/connect/connect.json` (any service's Smithy model), prints instead
the operations that are in only one of botocore's model and the Smithy model.
"""

import base64
import datetime
import json
import re
import sys
from urllib.parse import unquote, urlsplit

import botocore
import botocore.session
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from botocore.exceptions import ClientError

BOTOCORE_VERSION = "1.44.5"
IDEMPOTENCY_TOKEN = "<idempotency token: UUID>"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


class Body:
    """The raw answer AWSResponse reads its content from."""

    def __init__(self, data):
        self.data = data

    def stream(self, **_):
        yield self.data


def as_json(value):
    """A parsed answer as JSON: timestamps as epoch seconds (an int when whole), blobs in
    base64 (as the SDK writes them)."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        seconds = value.timestamp()
        return int(seconds) if seconds == int(seconds) else seconds
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode()
    return value


def text(value):
    """A header value as text (botocore keeps some as bytes)."""
    return value.decode() if isinstance(value, bytes) else value


def query_pairs(raw):
    """The decoded name/value pairs of a query string (`+` is kept: it is not a space here)."""
    pairs = []
    for part in raw.split("&") if raw else []:
        name, _, value = part.partition("=")
        pairs.append([unquote(name), unquote(value)])
    return pairs


def compare_models(smithy_path):
    """Prints the operations that are in only one of botocore's model and the Smithy model."""
    with open(smithy_path, encoding="utf-8") as file:
        shapes = json.load(file)["shapes"]
    smithy = {
        shape_id.split("#", 1)[1]
        for shape_id, shape in shapes.items()
        if shape["type"] == "operation"
    }
    # botocore's name of the service: the sdkId in lower case, spaces as hyphens.
    (sdk_id,) = [
        shape["traits"]["aws.api#service"]["sdkId"]
        for shape in shapes.values()
        if shape["type"] == "service"
    ]
    name = sdk_id.lower().replace(" ", "-")
    loader = botocore.session.get_session().get_component("data_loader")
    theirs = set(loader.load_service_model(name, "service-2")["operations"])
    print(f"{name}:")
    print(f"Smithy model: {len(smithy)} operations; botocore {BOTOCORE_VERSION}: {len(theirs)}")
    print("only in botocore:", ", ".join(sorted(theirs - smithy)) or "none")
    print("only in the Smithy model:", ", ".join(sorted(smithy - theirs)) or "none")


def error_answer(client, method, params, error, state):
    """What botocore reads from an answer of a modeled error: the status and the sample body,
    the code where the protocol's services put it (restJson1: `X-Amzn-ErrorType`; awsJson: the
    body's `__type`, the only place botocore's JSON parser reads it from); the error's code,
    message and modeled members, or `parsed: null` when the call did not fail."""
    body, headers = error["body"], {}
    if client.meta.service_model.protocol == "rest-json":
        headers["x-amzn-errortype"] = error["code"]
    else:
        body = json.dumps({"__type": error["code"], **json.loads(body)}, ensure_ascii=False)
    state["status"], state["answer"], state["headers"] = error["status"], body.encode(), headers
    record = {"code": error["code"], "status": error["status"], "headers": headers, "body": body}
    try:
        getattr(client, method)(**json.loads(json.dumps(params)))
        record["parsed"] = None
    except ClientError as failure:
        response = dict(failure.response)
        details = response.pop("Error", {})
        response.pop("ResponseMetadata", None)
        record["parsed"] = {
            "code": details.get("Code"),
            "message": details.get("Message"),
            "members": as_json(response),
        }
    finally:
        del state["status"], state["headers"]
    return record


def main():
    if botocore.__version__ != BOTOCORE_VERSION:
        sys.exit(f"botocore {BOTOCORE_VERSION} is pinned, found {botocore.__version__}")
    if sys.argv[1:2] == ["--compare-models"]:
        compare_models(sys.argv[2])
        return
    session = botocore.session.get_session()
    clients = {}
    state = {}

    def client_of(service):
        """The client of `service`, created once: its `before-send` handler answers locally."""
        if service in clients:
            return clients[service]
        client = session.create_client(
            service,
            region_name="us-east-1",
            aws_access_key_id="AKIDEXAMPLE",
            aws_secret_access_key="conformance-secret",
            config=Config(retries={"total_max_attempts": 1}),
        )
        protocol = client.meta.service_model.protocol
        content_type = (
            "application/json"
            if protocol == "rest-json"
            else "application/x-amz-json-" + client.meta.service_model.metadata["jsonVersion"]
        )

        def before_send(request, **_):
            state["request"] = request
            headers = {"content-type": content_type, "x-amzn-requestid": "botocore"}
            headers.update(state.get("headers", {}))
            return AWSResponse(request.url, state.get("status", 200), headers, Body(state["answer"]))

        client.meta.events.register("before-send", before_send)
        methods = {api: method for method, api in client.meta.method_to_api_mapping.items()}
        clients[service] = (client, methods)
        return clients[service]

    for line in sys.stdin:
        sample = json.loads(line)
        service, name, params = sample["service"], sample["operation"], sample["input"]
        client, methods = client_of(service)
        record = {"service": service, "operation": name, "set": sample["set"], "input": params}
        operation = client.meta.service_model.operation_model(name)
        members = operation.input_shape.members if operation.input_shape else {}
        modeled = [
            member.serialization.get("name", key).lower()
            for key, member in members.items()
            if member.serialization.get("location") == "header"
        ]
        tokens = [
            {
                "location": member.serialization.get("location", "body"),
                "name": member.serialization.get("name", key),
                "member": key,
            }
            for key, member in members.items()
            if member.metadata.get("idempotencyToken")
        ]
        record["idempotency"] = [
            {"location": token["location"], "name": token["name"]}
            for token in tokens
            if token["member"] not in params
        ]
        state["answer"] = json.dumps(sample["answer"], ensure_ascii=False).encode()
        state.pop("request", None)
        try:
            # A copy: botocore writes the idempotency tokens it fills into the parameters.
            answer = getattr(client, methods[name])(**json.loads(json.dumps(params)))
        except Exception as error:  # botocore refused the input: recorded, compared as a failure
            record["error"] = f"{type(error).__name__}: {error}"
            print(json.dumps(record, ensure_ascii=False))
            continue
        answer.pop("ResponseMetadata", None)
        request = state["request"]
        url = urlsplit(request.url)
        headers = {key.lower(): value for key, value in request.headers.items()}
        body = request.body or b""
        if hasattr(body, "read"):
            body = body.read()
        body = json.loads(body) if body else None
        query, raw_query = query_pairs(url.query), url.query
        header_values = {header: text(headers.get(header)) for header in modeled}
        # awsJson names the operation in a header of its own.
        if "x-amz-target" in headers:
            header_values["x-amz-target"] = text(headers["x-amz-target"])
        for token in record["idempotency"]:
            where = {
                "body": body if isinstance(body, dict) else {},
                "header": header_values,
                "querystring": dict(query),
            }.get(token["location"], {})
            key = token["name"].lower() if token["location"] == "header" else token["name"]
            value = where.get(key)
            if value is None or not UUID.match(value):
                sys.exit(f"{name}: botocore filled {token} with {value!r}, not a UUID v4")
            if token["location"] == "body":
                body[key] = IDEMPOTENCY_TOKEN
            elif token["location"] == "header":
                header_values[key] = IDEMPOTENCY_TOKEN
            else:
                query = [[k, IDEMPOTENCY_TOKEN if k == key else v] for k, v in query]
                raw_query = raw_query.replace(value, IDEMPOTENCY_TOKEN)
        record["request"] = {
            "method": request.method,
            "path": url.path,
            "query": query,
            "raw_query": raw_query,
            "headers": header_values,
            "content_type": text(headers.get("content-type")),
            "body": body,
        }
        record["answer"] = as_json(answer)
        if "errors" in sample:
            record["errors"] = [
                error_answer(client, methods[name], params, error, state)
                for error in sample["errors"]
            ]
        print(json.dumps(record, ensure_ascii=False))


if __name__ == "__main__":
    main()
