# Long-term keys, as a password manager's helper would print them.
echo '{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "proc-secret"}'
