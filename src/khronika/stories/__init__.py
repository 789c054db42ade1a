"""Cross-article work over the store: story clustering now; chronicles, conflicts and related reading next."""

from khronika.stories.clustering import ClusterConfig, Document, OnlineClusterer, load_cluster_config
from khronika.stories.embedding_registry import register_embedding_backend

__all__ = ["ClusterConfig", "Document", "OnlineClusterer", "load_cluster_config", "register_embedding_backend"]
