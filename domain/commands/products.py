"""Decisions about members and products: administration, vision, goals, capacity."""

from __future__ import annotations

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


class RegisterMember(Command):
    name: Name
    email: Email


class CreateProduct(Command):
    name: Name
    vision: Vision


class GrantRole(ProductCommand):
    member_id: MemberId
    role: GrantedRole


class DefineVision(ProductCommand):
    vision: Vision
    rationale: RequiredRationale


class SetGoal(ProductCommand):
    title: Title
    metric: Metric = None
    target_date: Instant = None


class SetCapacity(ProductCommand):
    member_id: MemberId
    percent: Capacity
    rationale: Rationale = None
