"""Closed vocabularies shared by the dataset and the engine.

The measure vocabulary is defined once here, because instruments in the dataset name the
measures they offer; ``lexbridge.engine.measures`` re-exports it for every other layer.
"""

from __future__ import annotations

from enum import StrEnum


class Measure(StrEnum):
    """What one authority asks of another state or of a service provider."""

    PRESERVATION = "preservation"
    SUBSCRIBER_DATA = "subscriber_data"
    IDENTIFICATION_DATA = "identification_data"
    TRAFFIC_DATA = "traffic_data"
    CONTENT_DATA = "content_data"
    REALTIME_TRAFFIC_DATA = "realtime_traffic_data"
    REALTIME_CONTENT_DATA = "realtime_content_data"
    SEARCH_SEIZURE = "search_seizure"
    ASSET_FREEZE = "asset_freeze"
    CONFISCATION = "confiscation"
    PROVISIONAL_ARREST = "provisional_arrest"
    EXTRADITION = "extradition"
    TRANSFER_OF_PROCEEDINGS = "transfer_of_proceedings"
    JOINT_INVESTIGATION_TEAM = "joint_investigation_team"
    VIDEO_CONFERENCE = "video_conference"
    DE_ANONYMISATION = "de_anonymisation"
    DOMAIN_REGISTRATION_DATA = "domain_registration_data"
    FINANCIAL_INTELLIGENCE = "financial_intelligence"
    """Information held by financial intelligence units, exchanged FIU to FIU (Warsaw art. 46)."""
    OTHER_ASSISTANCE = "other_assistance"


class FactKind(StrEnum):
    """The role an element fact plays (LEGAL-SEMANTICS §3)."""

    INCRIMINATING = "incriminating"
    EXCULPATORY = "exculpatory"
    JURISDICTIONAL = "jurisdictional"
    CIRCUMSTANCE = "circumstance"


class AuthorityLevel(StrEnum):
    """Who may issue or must validate an order, from the most to the least independent."""

    JUDGE = "judge"
    """A judge, a court or an investigating judge (or another independent authority)."""
    PROSECUTOR = "prosecutor"
    COMPETENT_AUTHORITY = "competent_authority"
    """Any authority competent in the case under the issuing state's law, e.g. the police."""


AUTHORITY_RANK = {
    AuthorityLevel.JUDGE: 2,
    AuthorityLevel.PROSECUTOR: 1,
    AuthorityLevel.COMPETENT_AUTHORITY: 0,
}
