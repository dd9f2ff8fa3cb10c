"""Integrations: the layer above the release and its tools.

- :mod:`.features`, :mod:`.parquet`, :mod:`.hf`: Hugging Face ``datasets`` (features, the Parquet
  data files of each view, loading and the ``GeneratorBasedBuilder``);
- :mod:`.card`: the dataset card's YAML metadata and generated blocks;
- :mod:`.croissant`: MLCommons Croissant metadata;
- :mod:`.loading_script`: the self-contained loading script generator;
- :mod:`.docs`: the generated tables of the documentation;
- :mod:`.build`: the build steps ``tahaluf build`` runs around the release layer's atomic build.

Only these modules import ``datasets``.
"""
