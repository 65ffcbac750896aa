#!/usr/bin/env python3
"""Records, with botocore's own documentation generator, what boto3's page of every operation of
the Connect family shows: the "Request Syntax" and "Response Syntax" blocks and the bullet trees
of "Parameters" and "Response Structure". The Rust test codegen/tests/boto3_every_operation.rs
compares the generator's boto3 rendering (codegen/src/emit/boto3.rs) with this recording.

    target/py/botocore/bin/python conformance/boto3_docs.py > conformance/boto3-docs.jsonl

Output (stdout): one JSON object a line, services and then operations in name order:
  {"service": botocore's service name, "api_version", "operation", "method",
   "request_syntax": the code of the Request Syntax block,
   "response_syntax": the code of the Response Syntax block, or null when the page has none,
   "parameters": [node, ...], "response_structure": [node, ...],
   "truncated": the sections botocore replaced with its note that they are too large}
where a node is [name or null, type, required, [child node, ...]].

With `--model-differences DIR` (DIR holding `connect.json` and `family/`, the Smithy models),
prints instead what differs between botocore's models and the Smithy models, read from the
two JSON files of each service and nothing else, one `service | kind | item` a line, in the
words of docs/CONFORMANCE.md: every item the Rust test names by comparing pages must be
among them (it may name fewer: a page shows only the shapes its operation reaches).

Every page is written by `botocore.docs.method.document_model_driven_method`, the function
`botocore.docs.client.ClientDocumenter` calls for each client method when boto3's pages are
built, with the client's own event emitter (so any documentation handler botocore registers
for a service applies) and the same example prefix. Its reStructuredText is then read as
Sphinx reads it, and no further: a syntax block is the literal block after the heading's `::`
(dedented to its least indented line, trailing spaces and blank lines dropped, as docutils
does); a tree bullet's name, type and `[REQUIRED]` mark are read from the sections botocore
writes them in (`param-name`, `param-type`, `is-required`), its children from the sections it
nests. Nothing goes to the network: creating a client and writing its documentation send
nothing.
"""

import glob
import json
import os
import re
import sys

import botocore
import botocore.session
from botocore.docs.bcdoc.restdoc import LARGE_SECTION_MESSAGE, DocumentStructure
from botocore.docs.method import document_model_driven_method

BOTOCORE_VERSION = "1.44.5"

# botocore's service names of Amazon Connect and the other services of its family.
SERVICES = [
    "appintegrations",
    "connect",
    "connect-contact-lens",
    "connectcampaigns",
    "connectcampaignsv2",
    "connectcases",
    "connecthealth",
    "connectparticipant",
    "customer-profiles",
    "qconnect",
    "voice-id",
    "wisdom",
]

# The sections botocore writes beside a bullet's children (botocore/docs/params.py).
BULLET_PARTS = {
    "param-type",
    "param-name",
    "is-required",
    "param-documentation",
    "param-tagged-union-docs",
    "param-unknown-example",
    "end-param",
    "end-list",
    "end-map",
    "end-structure",
}

# What botocore writes instead of a section over its line limit (restdoc.py): the first line of
# the message's code.
TOO_LARGE = LARGE_SECTION_MESSAGE.split("::", 1)[1].strip().splitlines()[0]

# A Sphinx role shows its title (`:ref:`document<document>`` shows `document`,
# `:class:`.StreamingBody`` shows `StreamingBody`).
ROLE = re.compile(r":[a-z]+:`\.?([^`<]*?)(?:\s*<[^`]*>)?`")


def text(section):
    return section.flush_structure().decode("utf-8")


def literal_block(rst, heading):
    """The code of the literal block that follows the `::` line after `heading`, as docutils
    reads it."""
    lines = [line.rstrip() for line in rst.splitlines()]
    at = next(i for i, line in enumerate(lines) if line.strip() == f"**{heading}**")
    marker = next(i for i in range(at, len(lines)) if lines[i].strip() == "::")
    outer = len(lines[marker]) - len(lines[marker].lstrip())
    block = []
    for line in lines[marker + 1 :]:
        if line and len(line) - len(line.lstrip()) <= outer:
            break
        block.append(line)
    while block and not block[0]:
        block.pop(0)
    while block and not block[-1]:
        block.pop()
    if not block:
        raise ValueError(f"{heading}: an empty literal block")
    margin = min(len(line) - len(line.lstrip()) for line in block if line)
    return "\n".join(line[margin:] for line in block)


def shown(rst):
    """Inline reStructuredText as the page shows it: roles by their title, no emphasis."""
    return ROLE.sub(r"\1", rst).replace("*", "").strip()


def bullet(section):
    """The node of a bullet's section: name, type, whether it is marked [REQUIRED], children."""
    name_text = text(section.get_section("param-name"))
    type_text = text(section.get_section("param-type"))
    top = re.fullmatch(r":param ([A-Za-z0-9_]+): ", name_text)
    if top:
        name = top.group(1)
        declared = re.fullmatch(r":type ([A-Za-z0-9_]+): (.*)\n\s*", type_text)
        if not declared or declared.group(1) != name:
            raise ValueError(f"unexpected parameter type {type_text!r}")
        type_name = shown(declared.group(2))
    else:
        nested = re.fullmatch(r"- (?:\*\*([A-Za-z0-9_]+)\*\* )?", name_text)
        if not nested:
            raise ValueError(f"unexpected bullet {name_text!r}")
        name = nested.group(1)
        typed = re.fullmatch(r"\s*\((.*)\) -- ", shown(type_text) + " ")
        if not typed:
            raise ValueError(f"unexpected bullet type {type_text!r}")
        type_name = typed.group(1)
    required = section.has_section("is-required")
    return [name, type_name, required, children(section)]


def children(section):
    """The bullets nested in a section: a map's value goes under its key, as the page indents
    it (botocore writes them as sibling sections)."""
    names = [name for name in section.available_sections if name not in BULLET_PARTS]
    if section.has_section("end-map"):
        key, value = names
        if key != "key":
            raise ValueError(f"a map's sections: {names}")
        node = bullet(section.get_section(key))
        node[3].append(bullet(section.get_section(value)))
        return [node]
    return [bullet(section.get_section(name)) for name in names]


def document(client, method, operation_model):
    """What boto3's page of the operation shows."""
    page = DocumentStructure(method, target="html")
    document_model_driven_method(
        page,
        method,
        operation_model,
        event_emitter=client.meta.events,
        method_description=operation_model.documentation,
        example_prefix=f"response = client.{method}",
    )
    request_rst = text(page.get_section("request-example"))
    params_rst = page.get_section("request-params")
    returned = page.get_section("return")
    truncated = []
    if TOO_LARGE in request_rst:
        truncated.append("request_syntax")
    record = {
        "request_syntax": literal_block(request_rst, "Request Syntax"),
        "response_syntax": None,
        "parameters": [] if operation_model.input_shape is None else children(params_rst),
        "response_structure": [],
    }
    if TOO_LARGE in text(params_rst):
        truncated.append("parameters")
    if returned.has_section("response-example"):
        response_rst = text(returned.get_section("response-example"))
        if TOO_LARGE in response_rst:
            truncated.append("response_syntax")
        record["response_syntax"] = literal_block(response_rst, "Response Syntax")
        description = returned.get_section("description")
        if TOO_LARGE in text(description):
            truncated.append("response_structure")
        record["response_structure"] = [bullet(description)]
    record["truncated"] = truncated
    return record


def smithy_files(folder):
    """The Smithy model of each service, by botocore service name."""
    files = {"connect": os.path.join(folder, "connect.json")}
    for path in sorted(glob.glob(os.path.join(folder, "family", "*.json"))):
        files[os.path.basename(path)[: -len("-YYYY-MM-DD.json")]] = path
    return files


def smithy_enum(shape):
    """A Smithy enum's values (an enum shape, or a string with the legacy enum trait)."""
    if shape["type"] == "enum":
        return [
            member.get("traits", {}).get("smithy.api#enumValue", name)
            for name, member in shape["members"].items()
        ]
    legacy = shape.get("traits", {}).get("smithy.api#enum")
    return [definition["value"] for definition in legacy] if legacy else None


def model_differences(folder):
    """What differs between the two JSON models of each service."""
    loader = botocore.session.get_session().get_component("data_loader")
    rows = set()
    for service, path in smithy_files(folder).items():
        with open(path, encoding="utf-8") as file:
            smithy = json.load(file)["shapes"]
        theirs = loader.load_service_model(service, "service-2")
        ours = {}
        for shape_id, shape in smithy.items():
            if not shape_id.startswith("smithy.api#"):
                ours[shape_id.split("#", 1)[1]] = shape
        operations = {name for name, shape in ours.items() if shape["type"] == "operation"}
        for name in set(theirs["operations"]) - operations:
            rows.add((service, "operations only in botocore's model", name))
        for name, shape in ours.items():
            other = theirs["shapes"].get(name)
            if other is None:
                continue
            if shape["type"] in ("structure", "union"):
                mine = list(shape.get("members", {}))
                their = list(other.get("members", {}))
                for member in their:
                    if member not in mine:
                        rows.add((service, "members only in botocore's model", f"{name}.{member}"))
                for member in mine:
                    if member not in their:
                        rows.add((service, "members only in the Smithy model", f"{name}.{member}"))
                if [m for m in mine if m in their] != [m for m in their if m in mine]:
                    rows.add((service, "members in another order", name))
                required = {
                    member
                    for member, target in shape.get("members", {}).items()
                    if "smithy.api#required" in target.get("traits", {})
                }
                for member in set(other.get("required", [])) - required:
                    rows.add((service, "required only in botocore's model", f"{name}.{member}"))
                for member in required - set(other.get("required", [])):
                    rows.add((service, "required only in the Smithy model", f"{name}.{member}"))
            mine = smithy_enum(shape)
            if mine is not None:
                their = other.get("enum", [])
                if set(their) - set(mine):
                    rows.add((service, "enum values only in botocore's model", name))
                if set(mine) - set(their):
                    rows.add((service, "enum values only in the Smithy model", name))
                if [v for v in mine if v in their] != [v for v in their if v in mine]:
                    rows.add((service, "enum values in another order", name))
    for row in sorted(rows):
        print(" | ".join(row))


def main():
    if sys.argv[1:2] == ["--model-differences"]:
        model_differences(sys.argv[2])
        return
    if botocore.__version__ != BOTOCORE_VERSION:
        sys.exit(f"botocore {botocore.__version__}, expected {BOTOCORE_VERSION}")
    session = botocore.session.get_session()
    for service in SERVICES:
        client = session.create_client(
            service,
            region_name="us-east-1",
            aws_access_key_id="AKIDEXAMPLE",
            aws_secret_access_key="secret",
        )
        service_model = client.meta.service_model
        # The methods ClientDocumenter documents: those the client class has (botocore removes
        # some when it builds the class, e.g. ConnectHealth's event stream operation).
        methods = {
            operation: method
            for method, operation in client.meta.method_to_api_mapping.items()
            if hasattr(client, method)
        }
        for operation in sorted(methods):
            line = {
                "service": service,
                "api_version": service_model.api_version,
                "operation": operation,
                "method": methods[operation],
            }
            line.update(
                document(client, methods[operation], service_model.operation_model(operation))
            )
            print(json.dumps(line, ensure_ascii=False, sort_keys=False))


if __name__ == "__main__":
    main()
