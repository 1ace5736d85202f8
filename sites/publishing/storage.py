"""The folders of baked sites: one build folder per build, and a symlink per host name that nginx follows.

    <STATIC_PUBLISHING_ROOT>/<host>                    -> .builds/<host>/<build>   (what is served)
    <STATIC_PUBLISHING_ROOT>/.builds/<host>/<build>/   index.html, notices/…/index.html, static/, media/
    <STATIC_PUBLISHING_ROOT>/.locks/<host>.lock        one build of a host at a time

A build writes a new folder and then replaces the symlink with rename(2), which is atomic: nginx
serves either the old build or the new one, never a half-written one. An incremental build starts
from hard links to the current build's files, so it costs one link per unchanged file, and replaces
(never rewrites) the files it changes, so the build being served is never modified.
"""

import contextlib
import fcntl
import os
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone

KEEP_PREVIOUS_BUILDS = 1  # for a quick manual rollback


def publishing_root():
    return Path(settings.STATIC_PUBLISHING_ROOT)


def served_path(host):
    return publishing_root() / host


def builds_folder(host):
    return publishing_root() / ".builds" / host


@contextlib.contextmanager
def host_lock(host):
    """Serialise builds of one host across processes (workers of one machine share the folder)."""
    locks = publishing_root() / ".locks"
    locks.mkdir(parents=True, exist_ok=True)
    with open(locks / f"{host}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def current_build(host):
    """The folder being served for `host`, or None before its first build."""
    link = served_path(host)
    if not link.is_symlink():
        return None
    target = link.resolve()
    return target if target.is_dir() else None


def new_build_folder(host):
    name = f"{timezone.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    folder = builds_folder(host) / name
    folder.mkdir(parents=True)
    return folder


def link_copy(source, destination):
    """Mirror `source` into the empty `destination` with hard links (no file is copied)."""
    for directory, subdirectories, files in os.walk(source):
        relative = os.path.relpath(directory, source)
        target_directory = destination if relative == "." else destination / relative
        for name in subdirectories:
            (target_directory / name).mkdir()
        for name in files:
            os.link(os.path.join(directory, name), target_directory / name)


def swap_in(host, folder):
    """Serve `folder` for `host` from now on (atomic rename of a new symlink over the old one)."""
    link = served_path(host)
    temporary = link.with_name(f".{host}.{uuid.uuid4().hex[:8]}.swap")
    os.symlink(os.path.relpath(folder, link.parent), temporary)
    os.replace(temporary, link)
    remove_old_builds(host, keep=folder)


def remove_old_builds(host, keep):
    builds = sorted(path for path in builds_folder(host).iterdir() if path.is_dir() and path != keep)
    for old in builds[: max(len(builds) - KEEP_PREVIOUS_BUILDS, 0)]:
        shutil.rmtree(old, ignore_errors=True)


def remove_site(host):
    """Stop serving `host` from files: its symlink first (nginx falls back to Django at once), then its builds."""
    link = served_path(host)
    if link.is_symlink():
        link.unlink()
    shutil.rmtree(builds_folder(host), ignore_errors=True)


def discard(folder):
    shutil.rmtree(folder, ignore_errors=True)


def write_file(folder, relative_path, content):
    """Write bytes at `relative_path` unless it already holds them; True when the file changed.

    The new file replaces the old name (a new inode), so a hard link shared with the build being
    served keeps its old content.
    """
    target = folder / relative_path
    if target.is_file() and target.read_bytes() == content:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    temporary.write_bytes(content)
    os.replace(temporary, target)
    return True


def link_or_copy_file(source, folder, relative_path):
    """Put an asset (static file, image rendition) into the build; False if it is already there."""
    target = folder / relative_path
    if target.exists():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system: copy instead
        shutil.copyfile(source, target)
    return True


def remove_file(folder, relative_path):
    target = folder / relative_path
    if target.is_file():
        target.unlink()
        return True
    return False


def remove_tree(folder, relative_directory):
    """Remove every baked page under a directory (a moved or newly private subtree); the files removed."""
    target = folder / relative_directory
    if not relative_directory or not target.is_dir():
        return []
    removed = [str(path.relative_to(folder)) for path in target.rglob("*") if path.is_file()]
    shutil.rmtree(target)
    return removed
