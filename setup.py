"""Package discovery that pyproject.toml alone cannot express: the top-level `resources/`
folder (fonts, templates, rates, icons) is installed as the package `disputedesk.resources`,
so it is read with importlib.resources from source, wheel and frozen builds alike."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["disputedesk", "disputedesk.*"]), "disputedesk.resources"],
    package_dir={"disputedesk.resources": "resources"},
)
