"""Kernels talk to the build over local IPC sockets rather than TCP ports: no port races when
several kernels start at once (papermill#511) and no unencrypted-TCP warning on every start."""

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
        folder = tempfile.mkdtemp(prefix="cecot-k-")
        _FOLDERS.append(folder)
        self.ip = os.path.join(folder, "kernel")
