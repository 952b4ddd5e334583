"""Actors: the knowledge base (countries, people, organisations, agents) and the
resolver that turns a parsed article into coded actor mentions.

``ActorMention.how`` says what evidence coded a mention:

- ``dictionary``: a person, body or place from the actor files (role valid on the date);
- ``title``: a name composed with a title and nationality ("Chinese Foreign Minister X"),
  or given one by an apposition ("X, Algeria's leading activist");
- ``agent``: an agent noun with its country from a modifier, a possessive, an of/in
  phrase, the dateline, or else the country its sentence or article names most;
- ``organization``: an organisation no file knows, coded from the words in its name;
- ``country``: a country name or adjective (sector None; a plural demonym is CVL);
- ``metonym``: a capital or seat of power standing for its government (the coder decides
  whether "in Beijing" is a place instead);
- ``group``: a people named by nationality but placed where they live ("ethnic Turks");
- ``coreference``: a surname, a bare title, a bracketed short name or "the two leaders";
- ``description``: a person described, not named ("The 48-year-old Australian", the
  lead's "A New York man" for the person named next), read as that person
  (``discourse.py``); every mention of a person shares the best coding any of them has;
- ``home``: a person addressed by courtesy title ("Ms Hutt") that only the article's
  home country places;
- ``unresolved:PERSON`` / ``unresolved:ORG``: a name nothing coded (``Actor.code`` None).
"""

from __future__ import annotations

from .knowledge import ActorDataError, ActorEntry, Agent, KnowledgeBase, Role
from .resolver import ActorResolver

__all__ = ["ActorDataError", "ActorEntry", "ActorResolver", "Agent", "KnowledgeBase", "Role"]
