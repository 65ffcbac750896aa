# Prints credentials only when given the arguments the profile names, split as the AWS CLI does.
[ "$1" = "--role" ] && [ "$2" = "reader one" ] || { echo "unexpected arguments: $*" >&2; exit 2; }
cat <<JSON
{"Version": 1, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "process-secret",
 "SessionToken": "process-token", "Expiration": "2099-01-01T00:00:00Z"}
JSON
