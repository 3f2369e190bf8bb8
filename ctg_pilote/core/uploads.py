"""Uploaded files: the one size check every upload goes through.

`CappedUploadHandler` (settings.FILE_UPLOAD_HANDLERS) keeps at most the largest cap on disk
while the file keeps its real size; `check_upload` (and the form validator `upload_size`) for
data files, `plan.services.validate_upload` for documents, then refuse it with a French
message before anything reads it. Every check must use a cap no larger than the handler's."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import TemporaryFileUploadHandler

from .spreadsheets import FileRefused, check_size, limit


class CappedUploadHandler(TemporaryFileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received <= max(limit("upload_bytes"), limit("document_bytes")):
            self.file.write(raw_data)

    def file_complete(self, file_size):
        file = super().file_complete(file_size)
        file.size = file_size  # the real size, so the cap is seen by whoever checks it
        return file


def check_upload(upload) -> None:
    """Raise FileRefused when an uploaded file passes the upload cap."""
    check_size(upload.size, name=upload.name or "fichier")


def upload_size(upload) -> None:
    """Form field validator: the upload cap, with the file's name in the message."""
    try:
        check_upload(upload)
    except FileRefused as error:
        raise ValidationError(str(error), code="file_too_large") from error
