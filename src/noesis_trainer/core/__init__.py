"""The data every stage passes along: the example schema, datasets, chat formatting, duplicate
detection, boilerplate measure, and named pretrained models."""
