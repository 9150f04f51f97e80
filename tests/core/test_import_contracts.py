"""The import-linter contracts in pyproject.toml keep dependencies pointing one way; these tests
keep the contracts themselves complete."""

import pkgutil
import tomllib
from pathlib import Path

import findings

ROOT = Path(__file__).resolve().parents[2]


def _contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return {contract["name"]: contract for contract in config["contracts"]}


def test_every_module_of_findings_but_the_importer_is_forbidden_to_import_it():
    contract = _contracts()["The importer sits above the rest of findings"]
    modules = {f"findings.{info.name}" for info in pkgutil.iter_modules(findings.__path__)}
    assert contract["forbidden_modules"] == ["findings.importer"]
    assert set(contract["source_modules"]) == modules - {"findings.importer"}


def test_the_layers_run_from_reports_down_to_the_core():
    contract = _contracts()["Dependencies point one way: core <- visits <- findings <- reports"]
    assert contract["layers"] == ["reports", "findings", "visits", "sefton_tracker.core"]


def test_no_app_may_import_a_configuration_module():
    contract = _contracts()[
        "Nothing imports the configuration modules (settings only through django.conf)"
    ]
    config_modules = {
        f"sefton_tracker.{info.name}"
        for info in pkgutil.iter_modules([str(ROOT / "sefton_tracker")])
        if info.name != "core"
    }
    assert set(contract["forbidden_modules"]) == config_modules
