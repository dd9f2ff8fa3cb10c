"""README starts with exactly the two commands, and .ci/run runs the second one."""

from __future__ import annotations

from conftest import ROOT


def test_readme_commands_and_ci_agree():
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert readme[0] == "# Tahaluf" and readme[2] == "```bash" and readme[5] == "```"
    main_command, test_command = readme[3], readme[4]
    assert "tahaluf validate" in main_command and "tahaluf stats" in main_command
    assert "pytest" in test_command
    ci = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert ci[-1] == test_command
