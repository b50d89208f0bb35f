/* hb-outcome.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "hb-outcome.h"
#include "hb-outcome-private.h"
#include "hb-json.h"
#include "hb-json-text-private.h"

struct _HbOutcome
{
  GObject     parent_instance;

  HbStepKind  kind;
  GError     *error;
  JsonArray  *events;
  JsonArray  *tasks;
  JsonArray  *calls;
  JsonArray  *jobs;
  JsonArray  *states;
  JsonObject *drain;
  JsonArray  *pending_tasks;
  char       *clock;
  int         jobs_fired;
};

G_DEFINE_FINAL_TYPE (HbOutcome, hb_outcome, G_TYPE_OBJECT)

static void
hb_outcome_finalize (GObject *object)
{
  HbOutcome *self = (HbOutcome *) object;

  g_clear_error (&self->error);
  g_clear_pointer (&self->events, json_array_unref);
  g_clear_pointer (&self->tasks, json_array_unref);
  g_clear_pointer (&self->calls, json_array_unref);
  g_clear_pointer (&self->jobs, json_array_unref);
  g_clear_pointer (&self->states, json_array_unref);
  g_clear_pointer (&self->drain, json_object_unref);
  g_clear_pointer (&self->pending_tasks, json_array_unref);
  g_clear_pointer (&self->clock, g_free);

  G_OBJECT_CLASS (hb_outcome_parent_class)->finalize (object);
}

static void
hb_outcome_class_init (HbOutcomeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hb_outcome_finalize;
}

static void
hb_outcome_init (HbOutcome *self)
{
  self->events = json_array_new ();
  self->tasks = json_array_new ();
  self->calls = json_array_new ();
  self->jobs = json_array_new ();
  self->states = json_array_new ();
  self->jobs_fired = -1;
}

HbOutcome *
_hb_outcome_new (HbStepKind kind)
{
  HbOutcome *self = g_object_new (HB_TYPE_OUTCOME, NULL);

  self->kind = kind;

  return self;
}

void
_hb_outcome_add_event (HbOutcome  *self,
                       JsonObject *object)
{
  json_array_add_object_element (self->events, object);
}

void
_hb_outcome_add_task (HbOutcome  *self,
                      JsonObject *object)
{
  json_array_add_object_element (self->tasks, object);
}

void
_hb_outcome_add_call (HbOutcome  *self,
                      JsonObject *object)
{
  json_array_add_object_element (self->calls, object);
}

void
_hb_outcome_add_job (HbOutcome  *self,
                     JsonObject *object)
{
  json_array_add_object_element (self->jobs, object);
}

void
_hb_outcome_add_state (HbOutcome  *self,
                       JsonObject *object)
{
  json_array_add_object_element (self->states, object);
}

void
_hb_outcome_set_drain (HbOutcome  *self,
                       JsonObject *drain)
{
  g_clear_pointer (&self->drain, json_object_unref);
  self->drain = drain;
}

void
_hb_outcome_set_jobs_fired (HbOutcome *self,
                            int        jobs_fired)
{
  self->jobs_fired = jobs_fired;
}

void
_hb_outcome_set_error (HbOutcome    *self,
                       const GError *error)
{
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
}

void
_hb_outcome_set_pending_tasks (HbOutcome *self,
                               JsonArray *names)
{
  g_clear_pointer (&self->pending_tasks, json_array_unref);
  self->pending_tasks = names;
}

void
_hb_outcome_set_clock (HbOutcome  *self,
                       const char *clock)
{
  g_free (self->clock);
  self->clock = g_strdup (clock);
}

JsonObject *
_hb_error_to_json (const GError *error)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "domain", g_quark_to_string (error->domain));
  json_object_set_int_member (object, "code", error->code);
  json_object_set_string_member (object, "message", error->message);

  return object;
}

static gboolean
member_error (GError    **error,
              const char *path,
              const char *member,
              const char *expected)
{
  g_set_error (error, HB_SCENARIO_ERROR, HB_SCENARIO_ERROR_WRONG_TYPE,
               "%s%s%s: expected %s", path, *path ? "." : "", member, expected);
  return FALSE;
}

static gboolean
get_typed (JsonObject  *object,
           const char  *path,
           const char  *member,
           GType        type,
           gboolean     required,
           JsonNode   **out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *expected = type == G_TYPE_STRING ? "a string"
                       : type == G_TYPE_BOOLEAN ? "true or false"
                       : "an integer";

  *out = NULL;

  if (node == NULL)
    {
      if (!required)
        return TRUE;
      g_set_error (error, HB_SCENARIO_ERROR, HB_SCENARIO_ERROR_MISSING_FIELD,
                   "%s%s%s: missing", path, *path ? "." : "", member);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != type)
    return member_error (error, path, member, expected);

  *out = node;

  return TRUE;
}

GError *
_hb_error_from_json (JsonObject  *object,
                     const char  *path,
                     GError     **error)
{
  JsonNode *domain;
  JsonNode *code;
  JsonNode *message;

  if (!get_typed (object, path, "domain", G_TYPE_STRING, TRUE, &domain, error) ||
      !get_typed (object, path, "code", G_TYPE_INT64, TRUE, &code, error) ||
      !get_typed (object, path, "message", G_TYPE_STRING, TRUE, &message, error))
    return NULL;

  return g_error_new_literal (g_quark_from_string (json_node_get_string (domain)),
                              (int) json_node_get_int (code),
                              json_node_get_string (message));
}

static gboolean
read_object_array (JsonObject  *object,
                   const char  *member,
                   JsonArray  **out,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return member_error (error, "", member, "an array of objects");

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, i)))
        {
          g_autofree char *item = g_strdup_printf ("%s[%u]", member, i);
          return member_error (error, "", item, "an object");
        }
    }

  /* A deep copy: the outcome must not share mutable JSON with its source. */
  {
    g_autoptr(JsonNode) copy = _hb_json_node_dup (node);

    g_clear_pointer (out, json_array_unref);
    *out = json_array_ref (json_node_get_array (copy));
  }

  return TRUE;
}

HbOutcome *
hb_outcome_new_from_json (JsonObject  *object,
                          GError     **error)
{
  static const char * const known[] = {
    "kind", "ok", "error", "events", "tasks", "calls", "jobs", "states", "drain",
    "jobs_fired", "pending_tasks", "clock", NULL
  };
  g_autoptr(HbOutcome) self = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  JsonNode *kind;
  JsonNode *ok;
  JsonNode *jobs_fired;
  JsonNode *clock;

  g_return_val_if_fail (object != NULL, NULL);

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      if (!g_strv_contains (known, name))
        {
          g_set_error (error, HB_SCENARIO_ERROR, HB_SCENARIO_ERROR_UNKNOWN_FIELD,
                       "%s: unknown field of an outcome", name);
          return NULL;
        }
    }

  if (!get_typed (object, "", "kind", G_TYPE_STRING, TRUE, &kind, error) ||
      !get_typed (object, "", "ok", G_TYPE_BOOLEAN, TRUE, &ok, error) ||
      !get_typed (object, "", "jobs_fired", G_TYPE_INT64, FALSE, &jobs_fired, error) ||
      !get_typed (object, "", "clock", G_TYPE_STRING, FALSE, &clock, error))
    return NULL;

  self = g_object_new (HB_TYPE_OUTCOME, NULL);

  if (!hb_step_kind_from_string (json_node_get_string (kind), &self->kind, error))
    {
      g_prefix_error (error, "kind: ");
      return NULL;
    }

  node = json_object_get_member (object, "error");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          member_error (error, "", "error", "an object {domain, code, message}");
          return NULL;
        }
      self->error = _hb_error_from_json (json_node_get_object (node), "error", error);
      if (self->error == NULL)
        return NULL;
    }

  if (json_node_get_boolean (ok) != (self->error == NULL))
    {
      g_set_error (error, HB_SCENARIO_ERROR, HB_SCENARIO_ERROR_INVALID_VALUE,
                   "ok: must be false exactly when there is an error");
      return NULL;
    }

  if (!read_object_array (object, "events", &self->events, error) ||
      !read_object_array (object, "tasks", &self->tasks, error) ||
      !read_object_array (object, "calls", &self->calls, error) ||
      !read_object_array (object, "jobs", &self->jobs, error) ||
      !read_object_array (object, "states", &self->states, error))
    return NULL;

  node = json_object_get_member (object, "drain");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          member_error (error, "", "drain", "an object");
          return NULL;
        }
      self->drain = hb_json_object_copy (json_node_get_object (node));
    }

  node = json_object_get_member (object, "pending_tasks");
  if (node != NULL)
    {
      g_autoptr(JsonNode) copy = NULL;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          member_error (error, "", "pending_tasks", "an array of task names");
          return NULL;
        }
      copy = _hb_json_node_dup (node);
      self->pending_tasks = json_array_ref (json_node_get_array (copy));
    }

  if (jobs_fired != NULL)
    self->jobs_fired = (int) CLAMP (json_node_get_int (jobs_fired), -1, G_MAXINT);
  if (clock != NULL)
    self->clock = g_strdup (json_node_get_string (clock));

  return g_steal_pointer (&self);
}

static void
set_array (JsonObject *object,
           const char *name,
           JsonArray  *array)
{
  if (array != NULL && json_array_get_length (array) > 0)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), array);
      json_object_set_member (object, name, _hb_json_node_dup (node));
    }
}

JsonObject *
hb_outcome_to_json (HbOutcome *self)
{
  JsonObject *object;

  g_return_val_if_fail (HB_IS_OUTCOME (self), NULL);

  object = json_object_new ();
  json_object_set_string_member (object, "kind", hb_step_kind_to_string (self->kind));
  json_object_set_boolean_member (object, "ok", self->error == NULL);
  if (self->error != NULL)
    json_object_set_object_member (object, "error", _hb_error_to_json (self->error));
  set_array (object, "events", self->events);
  set_array (object, "tasks", self->tasks);
  set_array (object, "calls", self->calls);
  set_array (object, "jobs", self->jobs);
  set_array (object, "states", self->states);
  if (self->drain != NULL)
    json_object_set_object_member (object, "drain", hb_json_object_copy (self->drain));
  if (self->jobs_fired >= 0)
    json_object_set_int_member (object, "jobs_fired", self->jobs_fired);
  set_array (object, "pending_tasks", self->pending_tasks);
  if (self->clock != NULL)
    json_object_set_string_member (object, "clock", self->clock);

  return object;
}

char *
hb_outcome_to_string (HbOutcome *self)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) node = NULL;
  GString *out;

  g_return_val_if_fail (HB_IS_OUTCOME (self), NULL);

  object = hb_outcome_to_json (self);
  node = json_node_init_object (json_node_alloc (), object);
  out = g_string_new (NULL);
  _hb_json_text_write (out, node, 0, 0);

  return g_string_free (out, FALSE);
}

HbStepKind
hb_outcome_get_kind (HbOutcome *self)
{
  g_return_val_if_fail (HB_IS_OUTCOME (self), 0);

  return self->kind;
}

gboolean
hb_outcome_get_ok (HbOutcome *self)
{
  g_return_val_if_fail (HB_IS_OUTCOME (self), FALSE);

  return self->error == NULL;
}

const GError *
hb_outcome_get_error (HbOutcome *self)
{
  g_return_val_if_fail (HB_IS_OUTCOME (self), NULL);

  return self->error;
}

JsonArray *
hb_outcome_get_events (HbOutcome *self)
{
  g_return_val_if_fail (HB_IS_OUTCOME (self), NULL);

  return self->events;
}

JsonArray *
hb_outcome_get_tasks (HbOutcome *self)
{
  g_return_val_if_fail (HB_IS_OUTCOME (self), NULL);

  return self->tasks;
}

JsonArray *
hb_outcome_get_calls (HbOutcome *self)
{
  g_return_val_if_fail (HB_IS_OUTCOME (self), NULL);

  return self->calls;
}

JsonArray *
hb_outcome_get_jobs (HbOutcome *self)
{
  g_return_val_if_fail (HB_IS_OUTCOME (self), NULL);

  return self->jobs;
}

JsonArray *
hb_outcome_get_states (HbOutcome *self)
{
  g_return_val_if_fail (HB_IS_OUTCOME (self), NULL);

  return self->states;
}

JsonObject *
hb_outcome_get_drain (HbOutcome *self)
{
  g_return_val_if_fail (HB_IS_OUTCOME (self), NULL);

  return self->drain;
}

int
hb_outcome_get_jobs_fired (HbOutcome *self)
{
  g_return_val_if_fail (HB_IS_OUTCOME (self), -1);

  return self->jobs_fired;
}

JsonArray *
hb_outcome_get_pending_tasks (HbOutcome *self)
{
  g_return_val_if_fail (HB_IS_OUTCOME (self), NULL);

  return self->pending_tasks;
}

const char *
hb_outcome_get_clock (HbOutcome *self)
{
  g_return_val_if_fail (HB_IS_OUTCOME (self), NULL);

  return self->clock;
}

gboolean
hb_outcome_equal (HbOutcome *a,
                  HbOutcome *b)
{
  g_autoptr(JsonObject) ja = NULL;
  g_autoptr(JsonObject) jb = NULL;

  g_return_val_if_fail (HB_IS_OUTCOME (a), FALSE);
  g_return_val_if_fail (HB_IS_OUTCOME (b), FALSE);

  ja = hb_outcome_to_json (a);
  jb = hb_outcome_to_json (b);

  return hb_json_object_equal (ja, jb);
}

static void
append_json (GString  *out,
             JsonNode *node)
{
  _hb_json_text_write (out, node, 0, 0);
}

static void
append_names (GString    *out,
              JsonObject *event,
              const char *member,
              const char *label)
{
  JsonArray *array;
  guint n;

  if (!json_object_has_member (event, member))
    return;
  array = json_object_get_array_member (event, member);
  n = array != NULL ? json_array_get_length (array) : 0;
  if (n == 0)
    return;

  g_string_append_printf (out, "; %s ", label);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (i > 0)
        g_string_append (out, ", ");
      if (JSON_NODE_HOLDS_OBJECT (item))
        {
          JsonObject *o = json_node_get_object (item);
          const char *listener = json_object_get_string_member_with_default (o, "listener",
                                                                             "?");
          const char *reason = json_object_get_string_member_with_default (o, "reason", "");

          g_string_append_printf (out, "%s (%s)", listener, reason);
        }
      else if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
        g_string_append (out, json_node_get_string (item));
      else
        append_json (out, item);
    }
}

char *
hb_outcome_describe (HbOutcome *self)
{
  GString *out;

  g_return_val_if_fail (HB_IS_OUTCOME (self), NULL);

  out = g_string_new (NULL);

  if (self->error != NULL)
    g_string_append_printf (out, "failed: %s\n", self->error->message);

  for (guint i = 0; i < json_array_get_length (self->events); i++)
    {
      JsonObject *event = json_array_get_object_element (self->events, i);

      g_string_append_printf (out, "event %s",
                              json_object_get_string_member_with_default (event, "topic", "?"));
      if (json_object_has_member (event, "entity_id"))
        g_string_append_printf (out, " %s",
                                json_object_get_string_member_with_default (event, "entity_id",
                                                                            ""));
      append_names (out, event, "ran", "ran");
      append_names (out, event, "filtered", "filtered out");
      append_names (out, event, "skipped", "skipped");
      g_string_append_c (out, '\n');
    }

  for (guint i = 0; i < json_array_get_length (self->calls); i++)
    {
      JsonObject *call = json_array_get_object_element (self->calls, i);

      g_string_append_printf (out, "call %s ",
                              json_object_get_string_member_with_default (call, "method", "?"));
      append_json (out, json_object_get_member (call, "kwargs"));
      g_string_append_c (out, '\n');
    }

  for (guint i = 0; i < json_array_get_length (self->jobs); i++)
    {
      JsonObject *job = json_array_get_object_element (self->jobs, i);

      g_string_append_printf (out, "job %s %s",
                              json_object_get_string_member_with_default (job, "what", "?"),
                              json_object_get_string_member_with_default (job, "name", "?"));
      if (json_object_has_member (job, "next_run"))
        g_string_append_printf (out, " (next run %s)",
                                json_object_get_string_member_with_default (job, "next_run",
                                                                            "none"));
      g_string_append_c (out, '\n');
    }

  for (guint i = 0; i < json_array_get_length (self->tasks); i++)
    {
      JsonObject *task = json_array_get_object_element (self->tasks, i);
      const char *what = json_object_get_string_member_with_default (task, "what", "");

      if (g_strcmp0 (what, "failed") == 0)
        g_string_append_printf (out, "task %s failed: %s\n",
                                json_object_get_string_member_with_default (task, "name", "?"),
                                json_object_get_string_member_with_default (task, "error", ""));
    }

  if (self->jobs_fired >= 0)
    g_string_append_printf (out, "jobs fired: %d\n", self->jobs_fired);

  if (self->pending_tasks != NULL && json_array_get_length (self->pending_tasks) > 0)
    {
      g_string_append (out, "pending tasks:");
      for (guint i = 0; i < json_array_get_length (self->pending_tasks); i++)
        g_string_append_printf (out, " %s",
                                json_array_get_string_element (self->pending_tasks, i));
      g_string_append_c (out, '\n');
    }

  if (self->clock != NULL)
    g_string_append_printf (out, "clock: %s\n", self->clock);

  return g_string_free (out, FALSE);
}
