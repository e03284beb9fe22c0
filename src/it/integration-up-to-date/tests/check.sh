#!/bin/sh
# The "integration tests": the app answers ok through the exported address.
set -e
echo "greeting: $GREETING, app at $APP_URL"
test "$(wget -qO- "$APP_URL/")" = ok
echo "1 test passed"
