"""The GraphQL types the SDK built for the plugin's kinds, by name, for lazy references."""

from __future__ import annotations

from plugins.relocation_sites.kinds import FACILITIES, FAIRS, POSTS, PUSHES, SITES, STATIONS
from plugins.relocation_sites.plugin import plugin

RelocationSite = plugin.schema(SITES).node_type
SiteFacility = plugin.schema(FACILITIES).node_type
SitePost = plugin.schema(POSTS).node_type
SiteJobFair = plugin.schema(FAIRS).node_type
SiteJobPush = plugin.schema(PUSHES).node_type
ServiceStation = plugin.schema(STATIONS).node_type
