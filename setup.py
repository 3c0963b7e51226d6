"""Maps the top-level source folders into the ``dataway`` namespace.

``engine/`` installs as ``dataway.engine``, ``stdlib/`` as ``dataway.stdlib``, ``connectors/`` as
``dataway.connectors`` and ``grammar/`` as ``dataway.grammar``; nothing installs a top-level
``engine``/``stdlib``/``connectors`` module. Metadata lives in pyproject.toml.
"""
from setuptools import find_packages, setup

MAPPED = {"engine": "dataway.engine", "stdlib": "dataway.stdlib",
          "connectors": "dataway.connectors", "grammar": "dataway.grammar"}

packages = ["dataway"] + ["dataway." + p for p in find_packages("dataway")]
package_dir = {"dataway": "dataway"}
for folder, name in MAPPED.items():
    package_dir[name] = folder
    packages.append(name)
    for sub in find_packages(folder):
        packages.append(f"{name}.{sub}")

setup(packages=packages, package_dir=package_dir)
