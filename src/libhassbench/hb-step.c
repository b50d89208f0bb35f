/* hb-step.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "hb-json-private.h"

#include <math.h>
#include <string.h>

#include "hb-step.h"
#include "hb-step-private.h"
#include "hb-clock.h"
#include "hb-error.h"
#include "hb-json.h"
#include "hb-json-text-private.h"
#include "hb-recording-api.h"
#include "hb-state.h"

G_DEFINE_QUARK (hb-scenario-error-quark, hb_scenario_error)

G_DEFINE_ENUM_TYPE (HbStepKind, hb_step_kind,
  G_DEFINE_ENUM_VALUE (HB_STEP_SET_STATE, "set_state"),
  G_DEFINE_ENUM_VALUE (HB_STEP_SET_STATES, "set_states"),
  G_DEFINE_ENUM_VALUE (HB_STEP_SIMULATE_STATE_CHANGE, "simulate_state_change"),
  G_DEFINE_ENUM_VALUE (HB_STEP_SIMULATE_ATTRIBUTE_CHANGE, "simulate_attribute_change"),
  G_DEFINE_ENUM_VALUE (HB_STEP_SIMULATE_CALL_SERVICE, "simulate_call_service"),
  G_DEFINE_ENUM_VALUE (HB_STEP_SIMULATE_COMPONENT_LOADED, "simulate_component_loaded"),
  G_DEFINE_ENUM_VALUE (HB_STEP_SIMULATE_SERVICE_REGISTERED, "simulate_service_registered"),
  G_DEFINE_ENUM_VALUE (HB_STEP_SIMULATE_HOMEASSISTANT, "simulate_homeassistant"),
  G_DEFINE_ENUM_VALUE (HB_STEP_SIMULATE_SERVICE_STATUS, "simulate_service_status"),
  G_DEFINE_ENUM_VALUE (HB_STEP_SIMULATE_WEBSOCKET, "simulate_websocket"),
  G_DEFINE_ENUM_VALUE (HB_STEP_SIMULATE_APP_STATE_CHANGED, "simulate_app_state_changed"),
  G_DEFINE_ENUM_VALUE (HB_STEP_SIMULATE_EVENT, "simulate_event"),
  G_DEFINE_ENUM_VALUE (HB_STEP_FREEZE_TIME, "freeze_time"),
  G_DEFINE_ENUM_VALUE (HB_STEP_ADVANCE_TIME, "advance_time"),
  G_DEFINE_ENUM_VALUE (HB_STEP_TRIGGER_DUE_JOBS, "trigger_due_jobs"),
  G_DEFINE_ENUM_VALUE (HB_STEP_STEP, "step"),
  G_DEFINE_ENUM_VALUE (HB_STEP_NEXT_JOB, "next_job"),
  G_DEFINE_ENUM_VALUE (HB_STEP_DRAIN, "drain"),
  G_DEFINE_ENUM_VALUE (HB_STEP_FINISH, "finish"),
  G_DEFINE_ENUM_VALUE (HB_STEP_REMOVE_JOB, "remove_job"),
  G_DEFINE_ENUM_VALUE (HB_STEP_RUN_JOB, "run_job"),
  G_DEFINE_ENUM_VALUE (HB_STEP_EXPECT_CALLED, "expect_called"),
  G_DEFINE_ENUM_VALUE (HB_STEP_EXPECT_CALLED_EXACT, "expect_called_exact"),
  G_DEFINE_ENUM_VALUE (HB_STEP_EXPECT_NOT_CALLED, "expect_not_called"),
  G_DEFINE_ENUM_VALUE (HB_STEP_EXPECT_CALL_COUNT, "expect_call_count"),
  G_DEFINE_ENUM_VALUE (HB_STEP_EXPECT_STATE, "expect_state"),
  G_DEFINE_ENUM_VALUE (HB_STEP_EXPECT_JOBS, "expect_jobs"),
  G_DEFINE_ENUM_VALUE (HB_STEP_EXPECT_DRAIN_ERROR, "expect_drain_error"),
  G_DEFINE_ENUM_VALUE (HB_STEP_EXPECT_TRIGGER_COUNT, "expect_trigger_count"))

/* The kinds' names, indexed by kind, for lookups without a GEnumClass. */
static const char * const kind_names[HB_STEP_N_KINDS] = {
  "set_state",
  "set_states",
  "simulate_state_change",
  "simulate_attribute_change",
  "simulate_call_service",
  "simulate_component_loaded",
  "simulate_service_registered",
  "simulate_homeassistant",
  "simulate_service_status",
  "simulate_websocket",
  "simulate_app_state_changed",
  "simulate_event",
  "freeze_time",
  "advance_time",
  "trigger_due_jobs",
  "step",
  "next_job",
  "drain",
  "finish",
  "remove_job",
  "run_job",
  "expect_called",
  "expect_called_exact",
  "expect_not_called",
  "expect_call_count",
  "expect_state",
  "expect_jobs",
  "expect_drain_error",
  "expect_trigger_count",
};

typedef enum {
  FT_STRING,          /* a string */
  FT_NONEMPTY,        /* a non-empty string */
  FT_STRING_OR_NULL,  /* a string or null */
  FT_ENTITY_ID,       /* "domain.object_id" */
  FT_OBJECT,          /* a JSON object */
  FT_ANY,             /* any JSON value */
  FT_BOOLEAN,
  FT_COUNT,           /* an integer >= 0 */
  FT_DURATION,        /* seconds >= 0 or "5m" */
  FT_INSTANT,         /* ISO 8601 */
  FT_STATUS,          /* a service status name */
  FT_HA_WHAT,         /* start / stop / restart */
  FT_METHOD,          /* a recordable API method */
  FT_STATES,          /* {entity_id: "state" | ["state", {attributes}]} */
  FT_NAMES,           /* an array of strings */
  FT_DRAIN_CODE,      /* task_failed / timeout */
} FieldType;

typedef struct
{
  const char *name;
  FieldType   type;
  gboolean    required;
} FieldSpec;

#define REQ(n, t) { n, t, TRUE }
#define OPT(n, t) { n, t, FALSE }
#define TIMEOUT OPT ("timeout", FT_DURATION)
#define END { NULL, 0, FALSE }

/* Each kind's fields in canonical (written) order; "kind" comes first and "comment"
 * last for every kind. */
static const FieldSpec kind_fields[HB_STEP_N_KINDS][8] = {
  [HB_STEP_SET_STATE] = {
    REQ ("entity_id", FT_ENTITY_ID), REQ ("state", FT_STRING),
    OPT ("attributes", FT_OBJECT), END },
  [HB_STEP_SET_STATES] = { REQ ("states", FT_STATES), END },
  [HB_STEP_SIMULATE_STATE_CHANGE] = {
    REQ ("entity_id", FT_ENTITY_ID), REQ ("old_value", FT_STRING_OR_NULL),
    REQ ("new_value", FT_STRING_OR_NULL), OPT ("old_attrs", FT_OBJECT),
    OPT ("new_attrs", FT_OBJECT), TIMEOUT, END },
  [HB_STEP_SIMULATE_ATTRIBUTE_CHANGE] = {
    REQ ("entity_id", FT_ENTITY_ID), REQ ("attribute", FT_NONEMPTY),
    OPT ("old_value", FT_ANY), OPT ("new_value", FT_ANY), OPT ("state", FT_STRING),
    TIMEOUT, END },
  [HB_STEP_SIMULATE_CALL_SERVICE] = {
    REQ ("domain", FT_NONEMPTY), REQ ("service", FT_NONEMPTY),
    OPT ("service_data", FT_OBJECT), TIMEOUT, END },
  [HB_STEP_SIMULATE_COMPONENT_LOADED] = { REQ ("component", FT_NONEMPTY), TIMEOUT, END },
  [HB_STEP_SIMULATE_SERVICE_REGISTERED] = {
    REQ ("domain", FT_NONEMPTY), REQ ("service", FT_NONEMPTY), TIMEOUT, END },
  [HB_STEP_SIMULATE_HOMEASSISTANT] = { REQ ("what", FT_HA_WHAT), TIMEOUT, END },
  [HB_STEP_SIMULATE_SERVICE_STATUS] = {
    REQ ("resource_name", FT_NONEMPTY), REQ ("status", FT_STATUS),
    OPT ("previous_status", FT_STATUS), OPT ("exception", FT_STRING), TIMEOUT, END },
  [HB_STEP_SIMULATE_WEBSOCKET] = { REQ ("connected", FT_BOOLEAN), TIMEOUT, END },
  [HB_STEP_SIMULATE_APP_STATE_CHANGED] = {
    OPT ("app_key", FT_NONEMPTY), REQ ("status", FT_STATUS),
    OPT ("previous_status", FT_STATUS), OPT ("exception", FT_STRING), TIMEOUT, END },
  [HB_STEP_SIMULATE_EVENT] = {
    REQ ("topic", FT_NONEMPTY), OPT ("data", FT_OBJECT), TIMEOUT, END },
  [HB_STEP_FREEZE_TIME] = { OPT ("at", FT_INSTANT), END },
  [HB_STEP_ADVANCE_TIME] = { REQ ("by", FT_DURATION), END },
  [HB_STEP_TRIGGER_DUE_JOBS] = { END },
  [HB_STEP_STEP] = { REQ ("by", FT_DURATION), TIMEOUT, END },
  [HB_STEP_NEXT_JOB] = { TIMEOUT, END },
  [HB_STEP_DRAIN] = { TIMEOUT, END },
  [HB_STEP_REMOVE_JOB] = { REQ ("name", FT_NONEMPTY), END },
  [HB_STEP_RUN_JOB] = { REQ ("name", FT_NONEMPTY), TIMEOUT, END },
  [HB_STEP_FINISH] = { TIMEOUT, END },
  [HB_STEP_EXPECT_CALLED] = { REQ ("method", FT_METHOD), OPT ("kwargs", FT_OBJECT), END },
  [HB_STEP_EXPECT_CALLED_EXACT] = {
    REQ ("method", FT_METHOD), REQ ("kwargs", FT_OBJECT), END },
  [HB_STEP_EXPECT_NOT_CALLED] = { REQ ("method", FT_METHOD), OPT ("kwargs", FT_OBJECT), END },
  [HB_STEP_EXPECT_CALL_COUNT] = {
    REQ ("method", FT_METHOD), REQ ("count", FT_COUNT), OPT ("kwargs", FT_OBJECT), END },
  [HB_STEP_EXPECT_STATE] = {
    REQ ("entity_id", FT_ENTITY_ID), OPT ("state", FT_STRING_OR_NULL),
    OPT ("attributes", FT_OBJECT), END },
  [HB_STEP_EXPECT_JOBS] = { OPT ("count", FT_COUNT), OPT ("names", FT_NAMES), END },
  [HB_STEP_EXPECT_DRAIN_ERROR] = {
    OPT ("code", FT_DRAIN_CODE), OPT ("task", FT_NONEMPTY), OPT ("message", FT_STRING), END },
  [HB_STEP_EXPECT_TRIGGER_COUNT] = { REQ ("count", FT_COUNT), END },
};

struct _HbStep
{
  GObject     parent_instance;

  HbStepKind  kind;
  /* Canonical members: "kind", then the fields given, in spec order, then "comment". */
  JsonObject *json;

  /* Parsed once, so that applying a step does no parsing. */
  double      timeout;
  double      seconds;
  gint64      count;
};

G_DEFINE_FINAL_TYPE (HbStep, hb_step, G_TYPE_OBJECT)

static void
hb_step_finalize (GObject *object)
{
  HbStep *self = (HbStep *) object;

  g_clear_pointer (&self->json, json_object_unref);

  G_OBJECT_CLASS (hb_step_parent_class)->finalize (object);
}

static void
hb_step_class_init (HbStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hb_step_finalize;
}

static void
hb_step_init (HbStep *self)
{
  self->timeout = HB_DEFAULT_TIMEOUT;
  self->count = -1;
}

const char *
hb_step_kind_to_string (HbStepKind kind)
{
  g_return_val_if_fail ((guint) kind < HB_STEP_N_KINDS, "invalid");

  return kind_names[kind];
}

char *
_hb_step_kind_list (void)
{
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < HB_STEP_N_KINDS; i++)
    g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", kind_names[i]);

  return g_string_free (list, FALSE);
}

gboolean
hb_step_kind_from_string (const char  *str,
                          HbStepKind  *kind,
                          GError     **error)
{
  g_autofree char *list = NULL;

  g_return_val_if_fail (kind != NULL, FALSE);

  if (str != NULL)
    {
      for (guint i = 0; i < HB_STEP_N_KINDS; i++)
        {
          if (strcmp (str, kind_names[i]) == 0)
            {
              *kind = (HbStepKind) i;
              return TRUE;
            }
        }
    }

  list = _hb_step_kind_list ();
  g_set_error (error, HB_SCENARIO_ERROR, HB_SCENARIO_ERROR_UNKNOWN_KIND,
               "unknown step kind '%s'; expected one of %s", str ? str : "(null)", list);

  return FALSE;
}

gboolean
hb_step_kind_is_expectation (HbStepKind kind)
{
  return kind >= HB_STEP_EXPECT_CALLED && kind <= HB_STEP_EXPECT_TRIGGER_COUNT;
}

gboolean
hb_step_kind_drains (HbStepKind kind)
{
  return (kind >= HB_STEP_SIMULATE_STATE_CHANGE && kind <= HB_STEP_SIMULATE_EVENT) ||
         kind == HB_STEP_STEP || kind == HB_STEP_NEXT_JOB ||
         kind == HB_STEP_DRAIN || kind == HB_STEP_FINISH || kind == HB_STEP_RUN_JOB;
}

gboolean
hb_step_kind_triggers (HbStepKind kind)
{
  return kind == HB_STEP_TRIGGER_DUE_JOBS || kind == HB_STEP_STEP || kind == HB_STEP_NEXT_JOB;
}


static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_integer (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);

  return type == G_TYPE_INT64 || type == G_TYPE_INT || type == G_TYPE_UINT ||
         type == G_TYPE_LONG || type == G_TYPE_UINT64;
}

static gboolean
node_is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);

  return node_is_integer (node) || type == G_TYPE_DOUBLE || type == G_TYPE_FLOAT;
}

G_GNUC_PRINTF (4, 5)
static gboolean
field_error (GError     **error,
             int          code,
             const char  *path,
             const char  *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, HB_SCENARIO_ERROR, code, "%s: %s", path, message);

  return FALSE;
}

static gboolean
wrong_type (GError     **error,
            const char  *path,
            const char  *expected,
            JsonNode    *got)
{
  return field_error (error, HB_SCENARIO_ERROR_WRONG_TYPE, path,
                      "expected %s, got %s", expected, _hb_json_type_name (got));
}

gboolean
_hb_step_parse_duration_node (JsonNode    *node,
                              const char  *path,
                              double      *seconds,
                              GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (node_is_number (node))
    {
      double value = json_node_get_double (node);

      if (!isfinite (value) || value < 0)
        return field_error (error, HB_SCENARIO_ERROR_INVALID_VALUE, path,
                            "a duration must be finite and >= 0, got %g", value);
      *seconds = value;
      return TRUE;
    }

  if (!node_is_string (node))
    return wrong_type (error, path,
                       "a duration (seconds, or text like \"30s\", \"5m\", \"1h30m\", "
                       "\"02:34:10\")", node);

  if (!hb_parse_duration (json_node_get_string (node), seconds, &local_error))
    return field_error (error, HB_SCENARIO_ERROR_INVALID_VALUE, path, "%s",
                        local_error->message);

  return TRUE;
}

static gboolean
check_states (JsonNode    *node,
              const char  *path,
              GError     **error)
{
  JsonObjectIter iter;
  const char *entity_id;
  JsonNode *value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type (error, path,
                       "an object {\"entity_id\": \"state\" or [\"state\", {attributes}]}",
                       node);

  json_object_iter_init_ordered (&iter, json_node_get_object (node));
  while (json_object_iter_next_ordered (&iter, &entity_id, &value))
    {
      g_autoptr(GString) sub = g_string_new (path);

      _hb_json_path_append_key (sub, entity_id);

      if (!hb_entity_id_is_valid (entity_id))
        return field_error (error, HB_SCENARIO_ERROR_INVALID_VALUE, sub->str,
                            "'%s' is not an entity id (expected \"domain.object_id\")",
                            entity_id);

      if (node_is_string (value))
        continue;

      if (JSON_NODE_HOLDS_ARRAY (value))
        {
          JsonArray *pair = json_node_get_array (value);
          guint n = json_array_get_length (pair);

          if (n < 1 || n > 4)
            return field_error (error, HB_SCENARIO_ERROR_INVALID_VALUE, sub->str,
                                "expected [\"state\", {attributes}, \"last_changed\", "
                                "\"last_updated\"] (the last three optional), got an "
                                "array of %u", n);
          if (!node_is_string (json_array_get_element (pair, 0)))
            {
              g_string_append (sub, "[0]");
              return wrong_type (error, sub->str, "a string",
                                 json_array_get_element (pair, 0));
            }
          if (n >= 2 && !JSON_NODE_HOLDS_OBJECT (json_array_get_element (pair, 1)))
            {
              g_string_append (sub, "[1]");
              return wrong_type (error, sub->str, "an object",
                                 json_array_get_element (pair, 1));
            }
          for (guint i = 2; i < n; i++)
            {
              JsonNode *time = json_array_get_element (pair, i);
              g_autoptr(GError) local_error = NULL;
              g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
              g_autoptr(GDateTime) instant = NULL;

              g_string_append_printf (sub, "[%u]", i);
              if (!node_is_string (time))
                return wrong_type (error, sub->str,
                                   "an ISO 8601 instant like \"2024-06-01T07:00:00+00:00\"",
                                   time);
              instant = hb_parse_instant (json_node_get_string (time), utc, &local_error);
              if (instant == NULL)
                return field_error (error, HB_SCENARIO_ERROR_INVALID_VALUE, sub->str, "%s",
                                    local_error->message);
              g_string_truncate (sub, sub->len - 3);
            }
          continue;
        }

      return wrong_type (error, sub->str, "a string or [\"state\", {attributes}]", value);
    }

  return TRUE;
}

static gboolean
check_field (HbStep          *self,
             const FieldSpec *spec,
             JsonNode        *node,
             const char      *path,
             GError         **error)
{
  switch (spec->type)
    {
    case FT_STRING:
      if (!node_is_string (node))
        return wrong_type (error, path, "a string", node);
      return TRUE;

    case FT_NONEMPTY:
      if (!node_is_string (node))
        return wrong_type (error, path, "a string", node);
      if (*json_node_get_string (node) == '\0')
        return field_error (error, HB_SCENARIO_ERROR_INVALID_VALUE, path,
                            "must not be empty");
      return TRUE;

    case FT_STRING_OR_NULL:
      if (!node_is_string (node) && !JSON_NODE_HOLDS_NULL (node))
        return wrong_type (error, path, "a string or null", node);
      return TRUE;

    case FT_ENTITY_ID:
      if (!node_is_string (node))
        return wrong_type (error, path, "an entity id string", node);
      if (!hb_entity_id_is_valid (json_node_get_string (node)))
        return field_error (error, HB_SCENARIO_ERROR_INVALID_VALUE, path,
                            "'%s' is not an entity id (expected \"domain.object_id\" in "
                            "lower case)", json_node_get_string (node));
      return TRUE;

    case FT_OBJECT:
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return wrong_type (error, path, "an object", node);
      return TRUE;

    case FT_ANY:
      return TRUE;

    case FT_BOOLEAN:
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return wrong_type (error, path, "true or false", node);
      return TRUE;

    case FT_COUNT:
      if (!node_is_integer (node))
        return wrong_type (error, path, "an integer >= 0", node);
      if (json_node_get_int (node) < 0)
        return field_error (error, HB_SCENARIO_ERROR_INVALID_VALUE, path,
                            "expected an integer >= 0, got %" G_GINT64_FORMAT,
                            json_node_get_int (node));
      self->count = json_node_get_int (node);
      return TRUE;

    case FT_DURATION:
      {
        double seconds;

        if (!_hb_step_parse_duration_node (node, path, &seconds, error))
          return FALSE;
        if (strcmp (spec->name, "timeout") == 0)
          self->timeout = seconds;
        else
          self->seconds = seconds;
        return TRUE;
      }

    case FT_INSTANT:
      {
        g_autoptr(GError) local_error = NULL;
        g_autoptr(GDateTime) instant = NULL;
        g_autoptr(GTimeZone) utc = NULL;

        if (!node_is_string (node))
          return wrong_type (error, path,
                             "an ISO 8601 instant like \"2024-06-01T07:00:00+00:00\"", node);

        /* Checked for its shape here; applied later in the harness's zone. */
        utc = g_time_zone_new_utc ();
        instant = hb_parse_instant (json_node_get_string (node), utc, &local_error);
        if (instant == NULL)
          return field_error (error, HB_SCENARIO_ERROR_INVALID_VALUE, path, "%s",
                              local_error->message);
        return TRUE;
      }

    case FT_STATUS:
      {
        g_autoptr(GError) local_error = NULL;
        HbServiceStatus status;

        if (!node_is_string (node))
          return wrong_type (error, path, "a status string like \"failed\"", node);
        if (!hb_service_status_from_string (json_node_get_string (node), &status,
                                            &local_error))
          return field_error (error, HB_SCENARIO_ERROR_INVALID_VALUE, path, "%s",
                              local_error->message);
        return TRUE;
      }

    case FT_HA_WHAT:
      {
        const char *what;

        if (!node_is_string (node))
          return wrong_type (error, path, "\"start\", \"stop\" or \"restart\"", node);
        what = json_node_get_string (node);
        if (g_strcmp0 (what, "start") != 0 && g_strcmp0 (what, "stop") != 0 &&
            g_strcmp0 (what, "restart") != 0)
          return field_error (error, HB_SCENARIO_ERROR_INVALID_VALUE, path,
                              "expected \"start\", \"stop\" or \"restart\", got \"%s\"", what);
        return TRUE;
      }

    case FT_METHOD:
      if (!node_is_string (node))
        return wrong_type (error, path, "an API method name like \"turn_on\"", node);
      if (!hb_recording_api_is_method (json_node_get_string (node)))
        return field_error (error, HB_SCENARIO_ERROR_INVALID_VALUE, path,
                            "'%s' is not a recorded API method (turn_on, turn_off, toggle, "
                            "call_service, set_state, fire_event, notify, ...)",
                            json_node_get_string (node));
      return TRUE;

    case FT_STATES:
      return check_states (node, path, error);

    case FT_NAMES:
      {
        JsonArray *array;

        if (!JSON_NODE_HOLDS_ARRAY (node))
          return wrong_type (error, path, "an array of strings", node);
        array = json_node_get_array (node);
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (!node_is_string (json_array_get_element (array, i)))
              {
                g_autofree char *sub = g_strdup_printf ("%s[%u]", path, i);
                return wrong_type (error, sub, "a string", json_array_get_element (array, i));
              }
          }
        return TRUE;
      }

    case FT_DRAIN_CODE:
      {
        const char *code;

        if (!node_is_string (node))
          return wrong_type (error, path, "\"task_failed\" or \"timeout\"", node);
        code = json_node_get_string (node);
        if (g_strcmp0 (code, "task_failed") != 0 && g_strcmp0 (code, "timeout") != 0)
          return field_error (error, HB_SCENARIO_ERROR_INVALID_VALUE, path,
                              "expected \"task_failed\" or \"timeout\", got \"%s\"", code);
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
}

static const FieldSpec *
find_spec (HbStepKind  kind,
           const char *name)
{
  for (const FieldSpec *spec = kind_fields[kind]; spec->name != NULL; spec++)
    if (strcmp (spec->name, name) == 0)
      return spec;

  return NULL;
}

static char *
field_list (HbStepKind kind)
{
  GString *list = g_string_new (NULL);

  for (const FieldSpec *spec = kind_fields[kind]; spec->name != NULL; spec++)
    g_string_append_printf (list, "%s, ", spec->name);
  g_string_append (list, "comment");

  return g_string_free (list, FALSE);
}

HbStep *
_hb_step_new_at (JsonNode    *node,
                 const char  *prefix,
                 GError     **error)
{
  g_autoptr(HbStep) self = NULL;
  g_autoptr(GString) path = g_string_new (prefix);
  JsonObject *object;
  JsonNode *kind_node;
  JsonNode *comment;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  HbStepKind kind;
  gsize prefix_len = path->len;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      if (prefix_len == 0)
        g_set_error (error, HB_SCENARIO_ERROR, HB_SCENARIO_ERROR_WRONG_TYPE,
                     "expected a step object {\"kind\": ...}, got %s", _hb_json_type_name (node));
      else
        wrong_type (error, prefix, "a step object {\"kind\": ...}", node);
      return NULL;
    }

  object = json_node_get_object (node);

  _hb_json_path_append_key (path, "kind");
  kind_node = json_object_get_member (object, "kind");
  if (kind_node == NULL)
    {
      g_autofree char *list = _hb_step_kind_list ();
      field_error (error, HB_SCENARIO_ERROR_MISSING_FIELD, path->str,
                   "missing; every step needs a kind, one of %s", list);
      return NULL;
    }
  if (!node_is_string (kind_node))
    {
      wrong_type (error, path->str, "a step kind string", kind_node);
      return NULL;
    }
  if (!hb_step_kind_from_string (json_node_get_string (kind_node), &kind, error))
    {
      g_prefix_error (error, "%s: ", path->str);
      return NULL;
    }

  self = g_object_new (HB_TYPE_STEP, NULL);
  self->kind = kind;
  self->json = json_object_new ();
  json_object_set_string_member (self->json, "kind", kind_names[kind]);

  /* Unknown fields first: a typo ("new_valu") is better reported as itself than as the
   * required field it hides. */
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      if (strcmp (name, "kind") == 0 || strcmp (name, "comment") == 0)
        continue;
      if (find_spec (kind, name) == NULL)
        {
          g_autofree char *list = field_list (kind);

          g_string_truncate (path, prefix_len);
          _hb_json_path_append_key (path, name);
          field_error (error, HB_SCENARIO_ERROR_UNKNOWN_FIELD, path->str,
                       "unknown field for %s; its fields are %s", kind_names[kind], list);
          return NULL;
        }
    }

  for (const FieldSpec *spec = kind_fields[kind]; spec->name != NULL; spec++)
    {
      member = json_object_get_member (object, spec->name);

      g_string_truncate (path, prefix_len);
      _hb_json_path_append_key (path, spec->name);

      if (member == NULL)
        {
          if (spec->required)
            {
              field_error (error, HB_SCENARIO_ERROR_MISSING_FIELD, path->str,
                           "missing; %s needs it", kind_names[kind]);
              return NULL;
            }
          continue;
        }

      if (!check_field (self, spec, member, path->str, error))
        return NULL;

      json_object_set_member (self->json, spec->name, _hb_json_node_dup (member));
    }

  comment = json_object_get_member (object, "comment");
  if (comment != NULL)
    {
      g_string_truncate (path, prefix_len);
      _hb_json_path_append_key (path, "comment");
      if (!node_is_string (comment))
        {
          wrong_type (error, path->str, "a string", comment);
          return NULL;
        }
      json_object_set_member (self->json, "comment", _hb_json_node_dup (comment));
    }

  if (kind == HB_STEP_EXPECT_JOBS &&
      !json_object_has_member (self->json, "count") &&
      !json_object_has_member (self->json, "names"))
    {
      g_string_truncate (path, prefix_len);
      _hb_json_path_append_key (path, "count");
      field_error (error, HB_SCENARIO_ERROR_MISSING_FIELD, path->str,
                   "missing; expect_jobs needs \"count\", \"names\" or both");
      return NULL;
    }

  return g_steal_pointer (&self);
}

HbStep *
hb_step_new_from_json (JsonNode  *node,
                       GError   **error)
{
  g_return_val_if_fail (node != NULL, NULL);

  return _hb_step_new_at (node, "", error);
}

HbStep *
hb_step_new_from_object (JsonObject  *object,
                         GError     **error)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  node = json_node_init_object (json_node_alloc (), object);

  return _hb_step_new_at (node, "", error);
}

HbStep *
hb_step_new_from_string (const char  *text,
                         GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;
  HbStep *step;

  g_return_val_if_fail (text != NULL, NULL);

  node = _hb_json_text_parse (text, -1, error);
  if (node == NULL)
    return NULL;

  step = _hb_step_new_at (node, "", &local_error);
  if (step == NULL)
    {
      _hb_step_locate_error (text, strlen (text), local_error->message, &local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return step;
}

void
_hb_step_locate_error (const char  *text,
                       gsize        length,
                       const char  *message,
                       GError     **error)
{
  g_autofree char *path = NULL;
  int line = 0;
  int column = 0;

  g_assert (error != NULL && *error != NULL);

  /* Messages are "PATH: what" (or just "what" for the value itself). */
  path = g_strndup (message, _hb_json_path_prefix_length (message));

  if (!_hb_json_text_locate (text, length, path, &line, &column))
    {
      /* A missing field: point at the object that should have it. */
      const char *cut = strrchr (path, '.');
      const char *bracket = strrchr (path, '[');

      if (bracket != NULL && (cut == NULL || bracket > cut))
        cut = bracket;
      if (cut != NULL)
        path[cut - path] = '\0';
      else
        path[0] = '\0';

      if (!_hb_json_text_locate (text, length, path, &line, &column))
        return;
    }

  g_prefix_error (error, "%d:%d: ", line, column);
}

HbStepKind
hb_step_get_kind (HbStep *self)
{
  g_return_val_if_fail (HB_IS_STEP (self), 0);

  return self->kind;
}

JsonObject *
hb_step_to_json (HbStep *self)
{
  g_return_val_if_fail (HB_IS_STEP (self), NULL);

  return hb_json_object_copy (self->json);
}

JsonObject *
_hb_step_peek_json (HbStep *self)
{
  g_assert (HB_IS_STEP (self));

  return self->json;
}

char *
hb_step_to_string (HbStep *self)
{
  g_autoptr(JsonNode) node = NULL;
  GString *out;

  g_return_val_if_fail (HB_IS_STEP (self), NULL);

  node = json_node_init_object (json_node_alloc (), self->json);
  out = g_string_new (NULL);
  _hb_json_text_write (out, node, 0, 0);

  return g_string_free (out, FALSE);
}

JsonNode *
hb_step_get_field (HbStep     *self,
                   const char *field)
{
  g_return_val_if_fail (HB_IS_STEP (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  return json_object_get_member (self->json, field);
}

const char *
hb_step_get_string (HbStep     *self,
                    const char *field)
{
  JsonNode *node;

  g_return_val_if_fail (HB_IS_STEP (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  node = json_object_get_member (self->json, field);
  if (node == NULL || !node_is_string (node))
    return NULL;

  return json_node_get_string (node);
}

JsonObject *
hb_step_get_object (HbStep     *self,
                    const char *field)
{
  JsonNode *node;

  g_return_val_if_fail (HB_IS_STEP (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  node = json_object_get_member (self->json, field);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

double
hb_step_get_timeout (HbStep *self)
{
  g_return_val_if_fail (HB_IS_STEP (self), HB_DEFAULT_TIMEOUT);

  return self->timeout;
}

double
hb_step_get_seconds (HbStep *self)
{
  g_return_val_if_fail (HB_IS_STEP (self), 0);

  return self->seconds;
}

gint64
hb_step_get_count (HbStep *self)
{
  g_return_val_if_fail (HB_IS_STEP (self), -1);

  return self->count;
}

const char *
hb_step_get_comment (HbStep *self)
{
  g_return_val_if_fail (HB_IS_STEP (self), NULL);

  return hb_step_get_string (self, "comment");
}

gboolean
hb_step_is_expectation (HbStep *self)
{
  g_return_val_if_fail (HB_IS_STEP (self), FALSE);

  return hb_step_kind_is_expectation (self->kind);
}

gboolean
hb_step_equal (HbStep *a,
               HbStep *b)
{
  g_return_val_if_fail (HB_IS_STEP (a), FALSE);
  g_return_val_if_fail (HB_IS_STEP (b), FALSE);

  return a->kind == b->kind && hb_json_object_equal (a->json, b->json);
}

static void
append_value (GString    *out,
              JsonNode   *node)
{
  if (node == NULL)
    g_string_append (out, "(missing)");
  else if (node_is_string (node))
    g_string_append (out, json_node_get_string (node));
  else
    _hb_json_text_write (out, node, 0, 0);
}

static void
append_field (GString    *out,
              HbStep     *self,
              const char *field)
{
  JsonNode *node = json_object_get_member (self->json, field);

  if (node != NULL)
    {
      g_string_append_printf (out, " %s=", field);
      _hb_json_text_write (out, node, 0, 0);
    }
}

char *
hb_step_describe (HbStep *self)
{
  GString *out;
  JsonObject *j;

  g_return_val_if_fail (HB_IS_STEP (self), NULL);

  j = self->json;
  out = g_string_new (kind_names[self->kind]);

  switch (self->kind)
    {
    case HB_STEP_SET_STATE:
      g_string_append_printf (out, " %s = %s", json_object_get_string_member (j, "entity_id"),
                              json_object_get_string_member (j, "state"));
      break;
    case HB_STEP_SET_STATES:
      g_string_append_printf (out, " (%u entities)",
                              json_object_get_size (json_object_get_object_member (j, "states")));
      break;
    case HB_STEP_SIMULATE_STATE_CHANGE:
      g_string_append_printf (out, " %s: ", json_object_get_string_member (j, "entity_id"));
      append_value (out, json_object_get_member (j, "old_value"));
      g_string_append (out, " -> ");
      append_value (out, json_object_get_member (j, "new_value"));
      break;
    case HB_STEP_SIMULATE_ATTRIBUTE_CHANGE:
      g_string_append_printf (out, " %s.%s: ", json_object_get_string_member (j, "entity_id"),
                              json_object_get_string_member (j, "attribute"));
      append_value (out, json_object_get_member (j, "old_value"));
      g_string_append (out, " -> ");
      append_value (out, json_object_get_member (j, "new_value"));
      break;
    case HB_STEP_SIMULATE_CALL_SERVICE:
    case HB_STEP_SIMULATE_SERVICE_REGISTERED:
      g_string_append_printf (out, " %s.%s", json_object_get_string_member (j, "domain"),
                              json_object_get_string_member (j, "service"));
      append_field (out, self, "service_data");
      break;
    case HB_STEP_SIMULATE_COMPONENT_LOADED:
      g_string_append_printf (out, " %s", json_object_get_string_member (j, "component"));
      break;
    case HB_STEP_SIMULATE_HOMEASSISTANT:
      g_string_append_printf (out, " %s", json_object_get_string_member (j, "what"));
      break;
    case HB_STEP_SIMULATE_SERVICE_STATUS:
      g_string_append_printf (out, " %s %s", json_object_get_string_member (j, "resource_name"),
                              json_object_get_string_member (j, "status"));
      break;
    case HB_STEP_SIMULATE_WEBSOCKET:
      g_string_append (out, json_object_get_boolean_member (j, "connected")
                            ? " connected" : " disconnected");
      break;
    case HB_STEP_SIMULATE_APP_STATE_CHANGED:
      g_string_append_printf (out, " %s", json_object_get_string_member (j, "status"));
      append_field (out, self, "app_key");
      break;
    case HB_STEP_SIMULATE_EVENT:
      g_string_append_printf (out, " %s", json_object_get_string_member (j, "topic"));
      break;
    case HB_STEP_FREEZE_TIME:
      append_field (out, self, "at");
      break;
    case HB_STEP_ADVANCE_TIME:
    case HB_STEP_STEP:
      append_field (out, self, "by");
      break;
    case HB_STEP_EXPECT_CALLED:
    case HB_STEP_EXPECT_CALLED_EXACT:
    case HB_STEP_EXPECT_NOT_CALLED:
    case HB_STEP_EXPECT_CALL_COUNT:
      g_string_append_printf (out, " %s", json_object_get_string_member (j, "method"));
      append_field (out, self, "count");
      append_field (out, self, "kwargs");
      break;
    case HB_STEP_EXPECT_STATE:
      g_string_append_printf (out, " %s", json_object_get_string_member (j, "entity_id"));
      append_field (out, self, "state");
      append_field (out, self, "attributes");
      break;
    case HB_STEP_EXPECT_JOBS:
      append_field (out, self, "count");
      append_field (out, self, "names");
      break;
    case HB_STEP_EXPECT_DRAIN_ERROR:
      append_field (out, self, "code");
      append_field (out, self, "task");
      append_field (out, self, "message");
      break;
    case HB_STEP_EXPECT_TRIGGER_COUNT:
      append_field (out, self, "count");
      break;
    case HB_STEP_REMOVE_JOB:
    case HB_STEP_RUN_JOB:
      g_string_append_printf (out, " %s", json_object_get_string_member (j, "name"));
      break;
    case HB_STEP_TRIGGER_DUE_JOBS:
    case HB_STEP_NEXT_JOB:
    case HB_STEP_DRAIN:
    case HB_STEP_FINISH:
    default:
      break;
    }

  return g_string_free (out, FALSE);
}
