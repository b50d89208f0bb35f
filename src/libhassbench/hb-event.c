/* hb-event.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "hb-json-private.h"

#include "hb-event.h"

#include <string.h>

#include "hb-event-private.h"
#include "hb-json.h"

#define HASS_PREFIX     "hass.event."
#define HASSETTE_PREFIX "hassette.event."

typedef enum {
  KIND_OTHER,
  KIND_STATE_CHANGED,
  KIND_CALL_SERVICE,
} EventKind;

struct _HbEvent
{
  GObject     parent_instance;

  char       *topic;
  const char *event_type;    /* points into topic */
  JsonObject *data;          /* sealed */
  char       *time_fired;
  char       *origin;
  char       *context_id;
  guint64     seq;

  EventKind   kind;
  /* Matching reads these for every listener, so they are worked out once. */
  const char *entity_id;     /* points into data */
  char       *domain;
  const char *service;       /* points into data */
  JsonObject *service_data;  /* points into data */

  /* state_changed: parsed on first use (or given at construction), then kept. */
  HbState    *old_state;
  HbState    *new_state;
  guint       old_state_ready : 1;
  guint       new_state_ready : 1;
};

G_DEFINE_FINAL_TYPE (HbEvent, hb_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TOPIC,
  PROP_EVENT_TYPE,
  PROP_DATA,
  PROP_TIME_FIRED,
  PROP_ORIGIN,
  PROP_CONTEXT_ID,
  PROP_SEQ,
  PROP_ENTITY_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hb_event_dispose (GObject *object)
{
  HbEvent *self = HB_EVENT (object);

  g_clear_object (&self->old_state);
  g_clear_object (&self->new_state);

  G_OBJECT_CLASS (hb_event_parent_class)->dispose (object);
}

static void
hb_event_finalize (GObject *object)
{
  HbEvent *self = HB_EVENT (object);

  g_free (self->topic);
  g_clear_pointer (&self->data, json_object_unref);
  g_free (self->time_fired);
  g_free (self->origin);
  g_free (self->context_id);
  g_free (self->domain);

  G_OBJECT_CLASS (hb_event_parent_class)->finalize (object);
}

static void
hb_event_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  HbEvent *self = HB_EVENT (object);

  switch (prop_id)
    {
    case PROP_TOPIC:
      g_value_set_string (value, self->topic);
      break;

    case PROP_EVENT_TYPE:
      g_value_set_string (value, self->event_type);
      break;

    case PROP_DATA:
      g_value_set_boxed (value, self->data);
      break;

    case PROP_TIME_FIRED:
      g_value_set_string (value, self->time_fired);
      break;

    case PROP_ORIGIN:
      g_value_set_string (value, self->origin);
      break;

    case PROP_CONTEXT_ID:
      g_value_set_string (value, self->context_id);
      break;

    case PROP_SEQ:
      g_value_set_uint64 (value, self->seq);
      break;

    case PROP_ENTITY_ID:
      g_value_set_string (value, self->entity_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hb_event_class_init (HbEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = hb_event_dispose;
  object_class->finalize = hb_event_finalize;
  object_class->get_property = hb_event_get_property;

  /* Read-only: an event never changes once made. The seq is assigned by the bus before
   * anyone sees the event, so it has no notification. */
  properties[PROP_TOPIC] = g_param_spec_string ("topic", NULL, NULL, NULL, flags);
  properties[PROP_EVENT_TYPE] = g_param_spec_string ("event-type", NULL, NULL, NULL, flags);
  properties[PROP_DATA] = g_param_spec_boxed ("data", NULL, NULL, JSON_TYPE_OBJECT, flags);
  properties[PROP_TIME_FIRED] = g_param_spec_string ("time-fired", NULL, NULL, NULL, flags);
  properties[PROP_ORIGIN] = g_param_spec_string ("origin", NULL, NULL, NULL, flags);
  properties[PROP_CONTEXT_ID] = g_param_spec_string ("context-id", NULL, NULL, NULL, flags);
  properties[PROP_SEQ] = g_param_spec_uint64 ("seq", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_ENTITY_ID] = g_param_spec_string ("entity-id", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hb_event_init (HbEvent *self)
{
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Takes @data (not sealed yet) and works out what matching needs. */
static HbEvent *
event_new_take (const char *topic,
                JsonObject *data,
                const char *time_fired,
                const char *origin,
                const char *context_id)
{
  HbEvent *self = g_object_new (HB_TYPE_EVENT, NULL);
  const char *last_dot;

  self->topic = g_strdup (topic);
  self->data = data != NULL ? data : json_object_new ();
  json_object_seal (self->data);
  self->time_fired = g_strdup (time_fired);
  self->origin = g_strdup (origin);
  self->context_id = g_strdup (context_id);

  /* Home Assistant event types may contain dots ("ios.action_fired"), so the known
   * prefixes are cut off whole; anything else keeps its last part. */
  if (g_str_has_prefix (self->topic, HASS_PREFIX))
    self->event_type = self->topic + strlen (HASS_PREFIX);
  else if (g_str_has_prefix (self->topic, HASSETTE_PREFIX))
    self->event_type = self->topic + strlen (HASSETTE_PREFIX);
  else if ((last_dot = strrchr (self->topic, '.')) != NULL)
    self->event_type = last_dot + 1;
  else
    self->event_type = self->topic;

  if (g_str_equal (self->topic, HB_TOPIC_STATE_CHANGED))
    {
      const char *dot;

      self->kind = KIND_STATE_CHANGED;
      self->entity_id = string_member (self->data, "entity_id");
      if (self->entity_id != NULL && (dot = strchr (self->entity_id, '.')) != NULL)
        self->domain = g_strndup (self->entity_id, dot - self->entity_id);
    }
  else if (g_str_equal (self->topic, HB_TOPIC_CALL_SERVICE))
    {
      JsonNode *service_data = json_object_get_member (self->data, "service_data");

      self->kind = KIND_CALL_SERVICE;
      self->domain = g_strdup (string_member (self->data, "domain"));
      self->service = string_member (self->data, "service");
      if (service_data != NULL && JSON_NODE_HOLDS_OBJECT (service_data))
        self->service_data = json_node_get_object (service_data);
      self->entity_id = string_member (self->service_data, "entity_id");
    }

  return self;
}

HbEvent *
hb_event_new (const char *topic,
              JsonObject *data,
              const char *time_fired,
              const char *origin,
              const char *context_id)
{
  g_return_val_if_fail (topic != NULL && topic[0] != '\0', NULL);
  g_return_val_if_fail (time_fired != NULL, NULL);
  g_return_val_if_fail (origin != NULL, NULL);

  return event_new_take (topic, hb_json_object_copy (data), time_fired, origin, context_id);
}

static void
set_state_member (JsonObject *data,
                  const char *name,
                  HbState    *state)
{
  if (state != NULL)
    json_object_set_object_member (data, name, hb_state_to_json (state));
  else
    json_object_set_null_member (data, name);
}

HbEvent *
hb_event_new_state_changed (const char *entity_id,
                            HbState    *old_state,
                            HbState    *new_state,
                            const char *time_fired,
                            const char *context_id)
{
  JsonObject *data;
  HbEvent *self;

  g_return_val_if_fail (entity_id != NULL, NULL);
  g_return_val_if_fail (old_state == NULL || HB_IS_STATE (old_state), NULL);
  g_return_val_if_fail (new_state == NULL || HB_IS_STATE (new_state), NULL);
  g_return_val_if_fail (time_fired != NULL, NULL);

  data = json_object_new ();
  json_object_set_string_member (data, "entity_id", entity_id);
  set_state_member (data, "old_state", old_state);
  set_state_member (data, "new_state", new_state);

  self = event_new_take (HB_TOPIC_STATE_CHANGED, data, time_fired, "LOCAL", context_id);

  /* The states are at hand: no need to parse them back from the data. */
  self->old_state = old_state != NULL ? g_object_ref (old_state) : NULL;
  self->new_state = new_state != NULL ? g_object_ref (new_state) : NULL;
  self->old_state_ready = TRUE;
  self->new_state_ready = TRUE;

  return self;
}

HbEvent *
hb_event_new_call_service (const char *domain,
                           const char *service,
                           JsonObject *service_data,
                           const char *time_fired,
                           const char *context_id)
{
  JsonObject *data;

  g_return_val_if_fail (domain != NULL, NULL);
  g_return_val_if_fail (service != NULL, NULL);
  g_return_val_if_fail (time_fired != NULL, NULL);

  data = json_object_new ();
  json_object_set_string_member (data, "domain", domain);
  json_object_set_string_member (data, "service", service);
  json_object_set_object_member (data, "service_data",
                                 service_data != NULL ? hb_json_object_copy (service_data) :
                                                        json_object_new ());

  return event_new_take (HB_TOPIC_CALL_SERVICE, data, time_fired, "LOCAL", context_id);
}

void
_hb_event_set_seq (HbEvent *self,
                   guint64  seq)
{
  g_return_if_fail (HB_IS_EVENT (self));

  self->seq = seq;
}

const char *
hb_event_get_topic (HbEvent *self)
{
  g_return_val_if_fail (HB_IS_EVENT (self), NULL);

  return self->topic;
}

const char *
hb_event_get_event_type (HbEvent *self)
{
  g_return_val_if_fail (HB_IS_EVENT (self), NULL);

  return self->event_type;
}

JsonObject *
hb_event_get_data (HbEvent *self)
{
  g_return_val_if_fail (HB_IS_EVENT (self), NULL);

  return self->data;
}

const char *
hb_event_get_time_fired (HbEvent *self)
{
  g_return_val_if_fail (HB_IS_EVENT (self), NULL);

  return self->time_fired;
}

const char *
hb_event_get_origin (HbEvent *self)
{
  g_return_val_if_fail (HB_IS_EVENT (self), NULL);

  return self->origin;
}

/* (nullable) */
const char *
hb_event_get_context_id (HbEvent *self)
{
  g_return_val_if_fail (HB_IS_EVENT (self), NULL);

  return self->context_id;
}

guint64
hb_event_get_seq (HbEvent *self)
{
  g_return_val_if_fail (HB_IS_EVENT (self), 0);

  return self->seq;
}

/* (nullable): NULL for other events, or when the data has no string entity id. */
const char *
hb_event_get_entity_id (HbEvent *self)
{
  g_return_val_if_fail (HB_IS_EVENT (self), NULL);

  return self->entity_id;
}

/* (nullable) */
const char *
hb_event_get_domain (HbEvent *self)
{
  g_return_val_if_fail (HB_IS_EVENT (self), NULL);

  return self->domain;
}

/* (nullable) */
const char *
hb_event_get_service (HbEvent *self)
{
  g_return_val_if_fail (HB_IS_EVENT (self), NULL);

  return self->service;
}

JsonObject *
hb_event_get_service_data (HbEvent *self)
{
  g_return_val_if_fail (HB_IS_EVENT (self), NULL);

  return self->service_data;
}

/* A state in the data that is not a valid state object reads as NULL: an event is data
 * from outside (a scenario file, the GUI) and must not abort a run. */
static HbState *
parse_state_member (HbEvent    *self,
                    const char *name)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_object_get_member (self->data, name);
  HbState *state;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  state = hb_state_new_from_json (json_node_get_object (node), &error);
  if (state == NULL)
    g_debug ("Event %" G_GUINT64_FORMAT " (%s): ignoring %s: %s",
             self->seq, self->topic, name, error->message);
  return state;
}

HbState *
hb_event_get_old_state (HbEvent *self)
{
  g_return_val_if_fail (HB_IS_EVENT (self), NULL);

  if (self->kind != KIND_STATE_CHANGED)
    return NULL;
  if (!self->old_state_ready)
    {
      self->old_state = parse_state_member (self, "old_state");
      self->old_state_ready = TRUE;
    }
  return self->old_state;
}

HbState *
hb_event_get_new_state (HbEvent *self)
{
  g_return_val_if_fail (HB_IS_EVENT (self), NULL);

  if (self->kind != KIND_STATE_CHANGED)
    return NULL;
  if (!self->new_state_ready)
    {
      self->new_state = parse_state_member (self, "new_state");
      self->new_state_ready = TRUE;
    }
  return self->new_state;
}

/**
 * hb_event_to_json:
 *
 * Returns: (transfer full): {topic, event_type, data, time_fired, origin, context} with
 *   `context` = {id, parent_id: null, user_id: null}
 */
JsonObject *
hb_event_to_json (HbEvent *self)
{
  JsonObject *object;

  g_return_val_if_fail (HB_IS_EVENT (self), NULL);

  object = json_object_new ();
  json_object_set_string_member (object, "topic", self->topic);
  json_object_set_string_member (object, "event_type", self->event_type);
  json_object_set_object_member (object, "data", hb_json_object_copy (self->data));
  json_object_set_string_member (object, "time_fired", self->time_fired);
  json_object_set_string_member (object, "origin", self->origin);

  json_object_set_object_member (object, "context", _hb_json_context_new (self->context_id));

  return object;
}
