"""Kernels for the build.

- They talk to the build over local IPC sockets rather than TCP ports: no port races when
  several kernels start at once (papermill#511), no unencrypted-TCP warning on every start.
- Their own log lines (e.g. a shutdown message under load) go to a file, not the terminal, so
  a failed build still prints exactly one line. Errors in a notebook reach the build through
  papermill's exception, which carries the message.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

from jupyter_client.manager import AsyncKernelManager

_FOLDERS: list[str] = []


@atexit.register
def _remove_socket_folders() -> None:
    for folder in _FOLDERS:
        shutil.rmtree(folder, ignore_errors=True)


class AsyncIPCKernelManager(AsyncKernelManager):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.transport = "ipc"
        # One short private folder per kernel: ipc paths must stay under ~100 characters,
        # and kernels started at the same moment must not pick the same socket names.
        self._folder = tempfile.mkdtemp(prefix="cecot-k-")
        _FOLDERS.append(self._folder)
        self.ip = os.path.join(self._folder, "kernel")

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        log = open(os.path.join(self._folder, "kernel.log"), "ab")  # noqa: SIM115
        kw.setdefault("stdout", log)
        kw.setdefault("stderr", log)
        try:
            return await super()._async_launch_kernel(kernel_cmd, **kw)
        finally:
            log.close()  # the child keeps its own copy of the descriptor

    _launch_kernel = _async_launch_kernel
