"""Baked sites go to a temporary folder per test; helpers to read a baked site."""

import os
from pathlib import Path

import pytest

from sites.models import NoticeIndexPage, NoticePage


@pytest.fixture
def publishing_root(settings, tmp_path):
    settings.STATIC_PUBLISHING_ROOT = tmp_path / "static_sites"
    return settings.STATIC_PUBLISHING_ROOT


def served_folder(root, host):
    return (Path(root) / host).resolve()


def snapshot(folder):
    """relative path -> (inode, bytes) of every file of a build."""
    files = {}
    for path in Path(folder).rglob("*"):
        if path.is_file():
            files[str(path.relative_to(folder))] = (os.stat(path).st_ino, path.read_bytes())
    return files


def add_notice(site, title, slug, publish=True):
    index = NoticeIndexPage.objects.descendant_of(site.home).get()
    notice = NoticePage(title=title, slug=slug, summary=f"{title}的摘要")
    index.add_child(instance=notice)
    if publish:
        notice.save_revision().publish()
    else:
        notice.unpublish()
    return notice
