"""``assistant cluster``: the haproxy configuration it writes is the README's, haproxy accepts it, and a missing
program is reported with the Debian package to install."""

from __future__ import annotations

import re
import subprocess

import pytest

from assistant.cli import main
from assistant.cli.cluster.haproxy import render_config
from assistant.cli.cluster.processes import ClusterError, program
from assistant.config import PROJECT_ROOT


def test_the_balancer_configuration_is_the_one_the_readme_shows(tmp_path):
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    [shown] = re.findall(r"```haproxy\n(.*?)```", readme, flags=re.S)
    ports = [int(p) for p in re.findall(r"server replica-\d+ 127\.0\.0\.1:(\d+)", shown)]
    balancer = int(re.search(r"bind 127\.0\.0\.1:(\d+)", shown).group(1))
    assert shown == render_config(balancer, ports)
    (tmp_path / "haproxy.cfg").write_text(shown)
    checked = subprocess.run([program("haproxy", "haproxy"), "-c", "-f", str(tmp_path / "haproxy.cfg")],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_a_missing_program_names_the_package_to_install():
    with pytest.raises(ClusterError, match=r"install Debian's no-such-package package \(apt-get install"):
        program("no-such-program-here", "no-such-package")


def test_cluster_down_without_a_cluster_is_a_clear_error(tmp_path, capsys):
    assert main(["cluster", "down", "--dir", str(tmp_path)]) == 2
    assert "no cluster in" in capsys.readouterr().err
