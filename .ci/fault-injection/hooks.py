"""Makes the docs build hang mid-run while the fault-injection script's flag file exists."""
import os
import time

FLAG = "@FAULT_DIR@/hang"


def on_pre_build(config):
    if os.path.exists(FLAG):
        open("@FAULT_DIR@/docs.started", "w").close()
        time.sleep(60)
