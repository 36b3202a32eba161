"""The embedded broker (no Redis: `make run`, the SQLite test suite): kombu's filesystem
transport, with each message written whole before a worker can see it.

kombu creates the message file under its final name and writes into it afterwards. A worker
polling the folder in between moves the empty file away, fails to decode it ("Expecting
value") and stops, and the message is lost. Here the message is written under a name the
worker does not read (it takes only `<...>.<queue>.msg`) and renamed to its final name once
complete: a rename within one folder is atomic, so a worker sees the whole file or nothing.
"""

import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps

# Not ".msg": the worker reads a file only when the part of its name after the first dot
# is "<queue>.msg".
PARTIAL_SUFFIX = ".partial"


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        """Put `payload` onto `queue`: written under a temporary name, then renamed."""
        # The name kombu gives: the time first, so that the folder sorts in sending order.
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = final + PARTIAL_SUFFIX
        try:
            with open(partial, "wb") as file:
                file.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel
