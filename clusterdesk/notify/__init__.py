"""Telling people what changed: activity feed, subscriptions, e-mail digests and alerts, Atom, webhooks."""
