"""The care desk in the API (``/api/v1/care/``): ``queries`` reads, ``serializers``
shapes, ``views`` answers."""
