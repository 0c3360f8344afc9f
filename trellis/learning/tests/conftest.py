"""Learning fixtures on top of the two-partner world: a published catalogue, and Sam (partner
A, sales) enrolled in its essentials course."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fixtures import World
from trellis.learning import services

from .catalogue import Catalogue, build_catalogue


@pytest.fixture
def catalogue(world: World) -> Catalogue:
    return build_catalogue()


@pytest.fixture
def enrolled(world: World, catalogue: Catalogue) -> Any:
    return services.enroll(
        actor=world.actor(world.a_sales), learner=world.a_sales, course=catalogue.course
    )
