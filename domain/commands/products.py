"""Decisions about members and products: administration, vision, goals, capacity."""

from __future__ import annotations

from dataclasses import dataclass

from domain.commands.base import Command, ProductCommand
from domain.commands.fields import (
    Capacity,
    Email,
    GrantedRole,
    Instant,
    MemberId,
    Metric,
    Name,
    Rationale,
    RequiredRationale,
    Title,
    Vision,
)


@dataclass(frozen=True, kw_only=True)
class RegisterMember(Command):
    name: Name
    email: Email


@dataclass(frozen=True, kw_only=True)
class CreateProduct(Command):
    name: Name
    vision: Vision


@dataclass(frozen=True, kw_only=True)
class GrantRole(ProductCommand):
    member_id: MemberId
    role: GrantedRole


@dataclass(frozen=True, kw_only=True)
class DefineVision(ProductCommand):
    vision: Vision
    rationale: RequiredRationale


@dataclass(frozen=True, kw_only=True)
class SetGoal(ProductCommand):
    title: Title
    metric: Metric = None
    target_date: Instant = None


@dataclass(frozen=True, kw_only=True)
class SetCapacity(ProductCommand):
    member_id: MemberId
    percent: Capacity
    rationale: Rationale = None
