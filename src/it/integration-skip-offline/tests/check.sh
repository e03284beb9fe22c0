#!/bin/sh
# runs only in the offline build (4): the stack answers, and uv in here would run offline
echo "UV_OFFLINE=${UV_OFFLINE:-unset}"
test "$(wget -q -O- "$APP_URL/")" = ok
