"""Serializers every resource builds on: described fields, domain rules left to the write
services, `version` for optimistic locking, and the shapes of error answers."""

from django.db import models
from drf_spectacular.utils import (
    extend_schema_field,
)
from rest_framework import exceptions, serializers
from rest_framework.validators import UniqueValidator

from ..display import person_name

FIELD_HELP: dict[type[models.Model], dict[str, str]] = {}
COMMON_FIELD_HELP = {
    "id": "The record's id.",
    "created_at": "When the record was created (set by the server).",
    "updated_at": "When the record was last changed (set by the server).",
}


def describe(model: type[models.Model], **texts: str) -> None:
    """Descriptions for the API schema of model fields that have no help text of their own."""
    FIELD_HELP.setdefault(model, {}).update(texts)


class DescribedModelSerializer(serializers.ModelSerializer):
    """Every field is described in the OpenAPI schema: by the model field's help text, or else by
    the text given with `describe()`."""

    def build_field(self, field_name, info, model_class, nested_depth):
        field_class, kwargs = super().build_field(field_name, info, model_class, nested_depth)
        if not kwargs.get("help_text"):
            text = FIELD_HELP.get(model_class, {}).get(field_name) or COMMON_FIELD_HELP.get(
                field_name
            )
            if text:
                kwargs["help_text"] = text
        return field_class, kwargs


class RulesModelSerializer(DescribedModelSerializer):
    """A model serializer that checks field types and leaves every domain rule, uniqueness
    included, to the model's own validation run by the write services, so that the API refuses
    exactly what the forms refuse, with the same messages."""

    def get_validators(self):
        return []

    def get_uniqueness_extra_kwargs(self, field_names, declared_fields, extra_kwargs):
        return extra_kwargs, {}

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if "validators" in kwargs:
            kwargs["validators"] = [
                v for v in kwargs["validators"] if not isinstance(v, UniqueValidator)
            ]
        return field_class, kwargs

    @property
    def request_user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    def create(self, validated_data):
        instance = self.Meta.model(**validated_data)
        return self.persist(instance, expected_version=None)

    def update(self, instance, validated_data):
        expected_version = validated_data.pop("version", None)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return self.persist(instance, expected_version=expected_version)

    def persist(self, instance, *, expected_version):
        """Save through the app's write service (subclasses name theirs)."""
        raise NotImplementedError(f"{type(self).__name__} must say which service saves it.")


VERSION_HELP = (
    "Increases by one on every change. Send back the version you last read when you update: if "
    "someone has saved a change since, the update is refused with 409 Conflict, nothing is "
    "overwritten, and the answer lists what changed. (Or send the record's ETag as If-Match: a "
    "stale one is refused with 412 Precondition Failed.) Ignored when creating."
)


class VersionedSerializer(RulesModelSerializer):
    """A representation of a Versioned model, with optimistic locking on update."""

    version = serializers.IntegerField(
        min_value=1, max_value=2_147_483_647, required=False, help_text=VERSION_HELP
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None and "version" not in attrs:
            # The version may come instead as If-Match, with the ETag read (checked by the view).
            attrs["version"] = self.context.get("if_match_version")
            if attrs["version"] is None:
                raise exceptions.ValidationError(
                    {
                        "version": [
                            "Send the version you last read, so that changes saved meanwhile "
                            "are not overwritten."
                        ]
                    }
                )
        if self.instance is None:
            attrs.pop("version", None)
        return attrs


@extend_schema_field({"type": "string", "nullable": True})
class UserNameField(serializers.Field):
    """A user as people know them: full name, or username when no name is recorded."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, user):
        return person_name(user)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in words a person can act on.")


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The field's name, as the forms label it.")
    yours = serializers.CharField(help_text="Its value in the version you sent.")
    theirs = serializers.CharField(help_text="Its value now.")
    by = serializers.CharField(help_text="Who saved the change.")
    at = serializers.DateTimeField(help_text="When it was saved.")


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Why nothing was saved.")
    current_version = serializers.IntegerField(
        help_text="The record's version now: re-read it before trying again."
    )
    changes = ChangeSerializer(many=True, help_text="What was changed since your version.")


class DeleteConflictSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Why nothing was deleted.")
    current_version = serializers.IntegerField(
        required=False,
        help_text="When the record was changed after you read it: its version now. Re-read it "
        "before trying again.",
    )
    changes = ChangeSerializer(
        many=True,
        required=False,
        help_text="When the record was changed after you read it: what was changed since your "
        "version.",
    )
