"""ClusterDesk: the platform a regional cluster's management team runs the cluster on."""

import warnings

# pymorphy2 (natasha) imports pkg_resources and setuptools warns on every start-up; the lock keeps
# setuptools below 81 where pkg_resources still exists (pyproject.toml), so the warning tells a user nothing.
warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
