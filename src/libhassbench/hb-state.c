/* hb-state.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "hb-json-private.h"

#include "hb-state.h"

#include <string.h>

#include "hb-error.h"
#include "hb-json.h"

#define EPOCH_ISO "1970-01-01T00:00:00+00:00"

struct _HbState
{
  GObject     parent_instance;

  char       *entity_id;
  char       *domain;
  char       *state;
  /* Sealed: shared read-only with every reader, so nobody can change a stored state. */
  JsonObject *attributes;
  char       *last_changed;
  char       *last_updated;
  char       *context_id;
};

G_DEFINE_FINAL_TYPE (HbState, hb_state, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENTITY_ID,
  PROP_DOMAIN,
  PROP_STATE,
  PROP_ATTRIBUTES,
  PROP_LAST_CHANGED,
  PROP_LAST_UPDATED,
  PROP_CONTEXT_ID,
  PROP_DISPLAY_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hb_state_finalize (GObject *object)
{
  HbState *self = HB_STATE (object);

  g_free (self->entity_id);
  g_free (self->domain);
  g_free (self->state);
  g_clear_pointer (&self->attributes, json_object_unref);
  g_free (self->last_changed);
  g_free (self->last_updated);
  g_free (self->context_id);

  G_OBJECT_CLASS (hb_state_parent_class)->finalize (object);
}

static void
hb_state_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  HbState *self = HB_STATE (object);

  switch (prop_id)
    {
    case PROP_ENTITY_ID:
      g_value_set_string (value, self->entity_id);
      break;

    case PROP_DOMAIN:
      g_value_set_string (value, self->domain);
      break;

    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;

    case PROP_ATTRIBUTES:
      g_value_set_boxed (value, self->attributes);
      break;

    case PROP_LAST_CHANGED:
      g_value_set_string (value, self->last_changed);
      break;

    case PROP_LAST_UPDATED:
      g_value_set_string (value, self->last_updated);
      break;

    case PROP_CONTEXT_ID:
      g_value_set_string (value, self->context_id);
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, hb_state_get_display_name (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hb_state_class_init (HbStateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = hb_state_finalize;
  object_class->get_property = hb_state_get_property;

  /* All read-only: a state never changes once made (the GUI binds to these). */
  properties[PROP_ENTITY_ID] = g_param_spec_string ("entity-id", NULL, NULL, NULL, flags);
  properties[PROP_DOMAIN] = g_param_spec_string ("domain", NULL, NULL, NULL, flags);
  properties[PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL, flags);
  properties[PROP_ATTRIBUTES] =
    g_param_spec_boxed ("attributes", NULL, NULL, JSON_TYPE_OBJECT, flags);
  properties[PROP_LAST_CHANGED] = g_param_spec_string ("last-changed", NULL, NULL, NULL, flags);
  properties[PROP_LAST_UPDATED] = g_param_spec_string ("last-updated", NULL, NULL, NULL, flags);
  properties[PROP_CONTEXT_ID] = g_param_spec_string ("context-id", NULL, NULL, NULL, flags);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hb_state_init (HbState *self)
{
}

static gboolean
is_id_char (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

gboolean
hb_entity_id_is_valid (const char *entity_id)
{
  const char *p;
  guint n_before = 0;
  guint n_after = 0;
  gboolean seen_dot = FALSE;

  if (entity_id == NULL)
    return FALSE;

  for (p = entity_id; *p != '\0'; p++)
    {
      if (*p == '.')
        {
          if (seen_dot)
            return FALSE;
          seen_dot = TRUE;
        }
      else if (!is_id_char (*p))
        return FALSE;
      else if (seen_dot)
        n_after++;
      else
        n_before++;
    }

  return seen_dot && n_before > 0 && n_after > 0;
}

gboolean
hb_entity_id_validate (const char  *entity_id,
                       GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (hb_entity_id_is_valid (entity_id))
    return TRUE;

  if (entity_id == NULL || entity_id[0] == '\0')
    g_set_error_literal (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                         "Invalid entity id '': an entity id is \"domain.object_id\"");
  else
    g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                 "Invalid entity id '%s': expected \"domain.object_id\" with one dot and only "
                 "lower-case letters, digits and underscores", entity_id);
  return FALSE;
}

static HbState *
state_new_take (const char *entity_id,
                const char *state,
                JsonObject *attributes,
                const char *last_changed,
                const char *last_updated,
                const char *context_id)
{
  HbState *self = g_object_new (HB_TYPE_STATE, NULL);
  const char *dot = strchr (entity_id, '.');

  g_assert (dot != NULL);

  self->entity_id = g_strdup (entity_id);
  self->domain = g_strndup (entity_id, dot - entity_id);
  self->state = g_strdup (state);
  self->attributes = attributes != NULL ? attributes : json_object_new ();
  json_object_seal (self->attributes);
  self->last_changed = g_strdup (last_changed);
  self->last_updated = g_strdup (last_updated != NULL ? last_updated : last_changed);
  self->context_id = g_strdup (context_id);

  return self;
}

HbState *
hb_state_new (const char *entity_id,
              const char *state,
              JsonObject *attributes,
              const char *last_changed,
              const char *last_updated,
              const char *context_id)
{
  g_return_val_if_fail (hb_entity_id_is_valid (entity_id), NULL);
  g_return_val_if_fail (state != NULL, NULL);
  g_return_val_if_fail (last_changed != NULL, NULL);

  return state_new_take (entity_id, state, hb_json_object_copy (attributes),
                         last_changed, last_updated, context_id);
}

/* Reads an optional string member: missing and null are fine (*value = NULL), any other
 * type is an error naming the field. */
static gboolean
get_optional_string (JsonObject  *object,
                     const char  *what,
                     const char  *member,
                     const char  *field,
                     const char **value,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "Invalid state object%s%s: field '%s' must be a string, not %s",
                   what[0] ? " for " : "", what, field, json_node_type_name (node));
      return FALSE;
    }

  *value = json_node_get_string (node);
  return TRUE;
}

/**
 * hb_state_new_from_json:
 * @object: Home Assistant's state object
 *
 * Requires `entity_id` (a valid entity id) and `state` (a string). `attributes` may be
 * missing or null (no attributes); `last_changed` defaults to the Unix epoch and
 * `last_updated` to `last_changed`; `context` may be missing, null, or an object whose
 * `id` is a string or null. Other members are ignored.
 *
 * Returns: (transfer full) (nullable): the state
 */
HbState *
hb_state_new_from_json (JsonObject  *object,
                        GError     **error)
{
  const char *entity_id;
  const char *state;
  const char *last_changed;
  const char *last_updated;
  const char *context_id = NULL;
  JsonNode *attributes;
  JsonNode *context;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!get_optional_string (object, "", "entity_id", "entity_id", &entity_id, error))
    return NULL;
  if (entity_id == NULL)
    {
      g_set_error_literal (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                           "Invalid state object: field 'entity_id' is missing");
      return NULL;
    }
  if (!hb_entity_id_validate (entity_id, error))
    {
      g_prefix_error (error, "Invalid state object: field 'entity_id': ");
      return NULL;
    }

  if (!get_optional_string (object, entity_id, "state", "state", &state, error) ||
      !get_optional_string (object, entity_id, "last_changed", "last_changed",
                            &last_changed, error) ||
      !get_optional_string (object, entity_id, "last_updated", "last_updated",
                            &last_updated, error))
    return NULL;
  if (state == NULL)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "Invalid state object for %s: field 'state' is missing", entity_id);
      return NULL;
    }

  attributes = json_object_get_member (object, "attributes");
  if (attributes != NULL && !JSON_NODE_HOLDS_NULL (attributes) &&
      !JSON_NODE_HOLDS_OBJECT (attributes))
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "Invalid state object for %s: field 'attributes' must be an object, not %s",
                   entity_id, json_node_type_name (attributes));
      return NULL;
    }

  context = json_object_get_member (object, "context");
  if (context != NULL && JSON_NODE_HOLDS_OBJECT (context))
    {
      if (!get_optional_string (json_node_get_object (context), entity_id, "id",
                                "context.id", &context_id, error))
        return NULL;
    }
  else if (context != NULL && !JSON_NODE_HOLDS_NULL (context))
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "Invalid state object for %s: field 'context' must be an object, not %s",
                   entity_id, json_node_type_name (context));
      return NULL;
    }

  return state_new_take (entity_id, state,
                         attributes != NULL && JSON_NODE_HOLDS_OBJECT (attributes) ?
                           hb_json_object_copy (json_node_get_object (attributes)) : NULL,
                         last_changed != NULL ? last_changed : EPOCH_ISO,
                         last_updated, context_id);
}

/**
 * hb_state_to_json:
 *
 * Returns: (transfer full): a new object in Home Assistant's shape, with
 *   `context` = {id, parent_id: null, user_id: null}
 */
JsonObject *
hb_state_to_json (HbState *self)
{
  JsonObject *object;

  g_return_val_if_fail (HB_IS_STATE (self), NULL);

  object = json_object_new ();
  json_object_set_string_member (object, "entity_id", self->entity_id);
  json_object_set_string_member (object, "state", self->state);
  json_object_set_object_member (object, "attributes", hb_json_object_copy (self->attributes));
  json_object_set_string_member (object, "last_changed", self->last_changed);
  json_object_set_string_member (object, "last_updated", self->last_updated);

  json_object_set_object_member (object, "context", _hb_json_context_new (self->context_id));

  return object;
}

const char *
hb_state_get_entity_id (HbState *self)
{
  g_return_val_if_fail (HB_IS_STATE (self), NULL);

  return self->entity_id;
}

const char *
hb_state_get_domain (HbState *self)
{
  g_return_val_if_fail (HB_IS_STATE (self), NULL);

  return self->domain;
}

const char *
hb_state_get_state (HbState *self)
{
  g_return_val_if_fail (HB_IS_STATE (self), NULL);

  return self->state;
}

JsonObject *
hb_state_get_attributes (HbState *self)
{
  g_return_val_if_fail (HB_IS_STATE (self), NULL);

  return self->attributes;
}

JsonNode *
hb_state_get_attribute (HbState    *self,
                        const char *name)
{
  g_return_val_if_fail (HB_IS_STATE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return json_object_get_member (self->attributes, name);
}

const char *
hb_state_get_last_changed (HbState *self)
{
  g_return_val_if_fail (HB_IS_STATE (self), NULL);

  return self->last_changed;
}

const char *
hb_state_get_last_updated (HbState *self)
{
  g_return_val_if_fail (HB_IS_STATE (self), NULL);

  return self->last_updated;
}

/* (nullable) */
const char *
hb_state_get_context_id (HbState *self)
{
  g_return_val_if_fail (HB_IS_STATE (self), NULL);

  return self->context_id;
}

const char *
hb_state_get_display_name (HbState *self)
{
  JsonNode *name;

  g_return_val_if_fail (HB_IS_STATE (self), NULL);

  name = json_object_get_member (self->attributes, "friendly_name");
  if (name != NULL && JSON_NODE_HOLDS_VALUE (name) &&
      json_node_get_value_type (name) == G_TYPE_STRING)
    return json_node_get_string (name);
  return self->entity_id;
}

/* Every field, attributes structurally; %NULL equals only %NULL. */
gboolean
hb_state_equal (HbState *a,
                HbState *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (a == b)
    return TRUE;

  g_return_val_if_fail (HB_IS_STATE (a), FALSE);
  g_return_val_if_fail (HB_IS_STATE (b), FALSE);

  return g_str_equal (a->entity_id, b->entity_id) &&
         g_str_equal (a->state, b->state) &&
         g_str_equal (a->last_changed, b->last_changed) &&
         g_str_equal (a->last_updated, b->last_updated) &&
         g_strcmp0 (a->context_id, b->context_id) == 0 &&
         hb_json_object_equal (a->attributes, b->attributes);
}
