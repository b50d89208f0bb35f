/* hb-expectation.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <hassbench.h>

#include "hb-expectation.h"

static const char *
source_label (HbExpectationSource source)
{
  switch (source)
    {
    case HB_EXPECTATION_SOURCE_CALL:
      return "API call row";
    case HB_EXPECTATION_SOURCE_ENTITY:
      return "entity row";
    case HB_EXPECTATION_SOURCE_JOB:
      return "job row";
    case HB_EXPECTATION_SOURCE_ERROR:
      return "error row";
    case HB_EXPECTATION_SOURCE_STEP:
    default:
      return "step row";
    }
}

gboolean
hb_expectation_source_from_name (const char          *name,
                                 HbExpectationSource *source)
{
  static const struct {
    const char          *name;
    HbExpectationSource  source;
  } names[] = {
    { "calls", HB_EXPECTATION_SOURCE_CALL },
    { "entities", HB_EXPECTATION_SOURCE_ENTITY },
    { "jobs", HB_EXPECTATION_SOURCE_JOB },
    { "errors", HB_EXPECTATION_SOURCE_ERROR },
    { "steps", HB_EXPECTATION_SOURCE_STEP },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (names[i].name, name) == 0)
      {
        *source = names[i].source;
        return TRUE;
      }
  return FALSE;
}

gboolean
hb_expectation_flavour_supported (HbExpectationSource  source,
                                  HbExpectationFlavour flavour)
{
  if (flavour == HB_EXPECTATION_FLAVOUR_PARTIAL)
    return TRUE;
  return source == HB_EXPECTATION_SOURCE_CALL && flavour < HB_EXPECTATION_N_FLAVOURS;
}

const char *
hb_expectation_flavour_label (HbExpectationFlavour flavour)
{
  switch (flavour)
    {
    case HB_EXPECTATION_FLAVOUR_PARTIAL:
      return _("Called (these arguments at least)");
    case HB_EXPECTATION_FLAVOUR_EXACT:
      return _("Called with exactly these arguments");
    case HB_EXPECTATION_FLAVOUR_NOT_CALLED:
      return _("Not called");
    case HB_EXPECTATION_FLAVOUR_CALL_COUNT:
      return _("Called a number of times");
    default:
      return "";
    }
}

/* (transfer none) (nullable): a string member, else NULL with an error naming it. */
static const char *
require_string (HbExpectationSource   source,
                JsonObject           *row,
                const char           *field,
                GError              **error)
{
  JsonNode *node = json_object_get_member (row, field);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      g_set_error (error, HB_SCENARIO_ERROR, HB_SCENARIO_ERROR_MISSING_FIELD,
                   _("%s: missing field '%s'"), source_label (source), field);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, HB_SCENARIO_ERROR, HB_SCENARIO_ERROR_WRONG_TYPE,
                   _("%s: field '%s' is not a string"), source_label (source), field);
      return NULL;
    }
  return json_node_get_string (node);
}

/* (transfer none) (nullable): an optional object member; an error only when it is
 * present with another type. */
static gboolean
optional_object (HbExpectationSource   source,
                 JsonObject           *row,
                 const char           *field,
                 JsonObject          **out,
                 GError              **error)
{
  JsonNode *node = json_object_get_member (row, field);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, HB_SCENARIO_ERROR, HB_SCENARIO_ERROR_WRONG_TYPE,
                   _("%s: field '%s' is not an object"), source_label (source), field);
      return FALSE;
    }
  *out = json_node_get_object (node);
  return TRUE;
}

/* The row's "step" (the index of the step that produced it), or @fallback. */
static gint64
row_step (JsonObject *row,
          gint64      fallback)
{
  JsonNode *node = json_object_get_member (row, "step");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

/* Counts the calls of @method recorded up to and including step @step. */
static gint64
count_calls (JsonArray  *calls,
             const char *method,
             gint64      step)
{
  gint64 count = 0;

  for (guint i = 0; i < json_array_get_length (calls); i++)
    {
      JsonNode *node = json_array_get_element (calls, i);
      JsonObject *call = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (call == NULL)
        continue;
      if (g_strcmp0 (json_object_get_string_member_with_default (call, "method", NULL),
                     method) == 0 &&
          row_step (call, G_MAXINT64) <= step)
        count++;
    }
  return count;
}

static JsonObject *
build_call (JsonObject            *row,
            HbExpectationFlavour   flavour,
            JsonArray             *context,
            JsonObject            *step,
            GError               **error)
{
  const char *method = require_string (HB_EXPECTATION_SOURCE_CALL, row, "method", error);
  JsonObject *kwargs;
  static const char *kinds[] = {
    "expect_called", "expect_called_exact", "expect_not_called", "expect_call_count",
  };

  if (method == NULL ||
      !optional_object (HB_EXPECTATION_SOURCE_CALL, row, "kwargs", &kwargs, error))
    return NULL;

  json_object_set_string_member (step, "kind", kinds[flavour]);
  json_object_set_string_member (step, "method", method);
  if (flavour == HB_EXPECTATION_FLAVOUR_CALL_COUNT)
    {
      /* Counted by method alone: the count holds right after the row's step. */
      gint64 count = context != NULL
        ? count_calls (context, method, row_step (row, G_MAXINT64)) : 1;

      json_object_set_int_member (step, "count", MAX (count, 1));
    }
  else if (flavour == HB_EXPECTATION_FLAVOUR_EXACT)
    json_object_set_object_member (step, "kwargs",
                                   kwargs ? hb_json_object_copy (kwargs) : json_object_new ());
  else if (kwargs != NULL)
    json_object_set_object_member (step, "kwargs", hb_json_object_copy (kwargs));
  return step;
}

static JsonObject *
build_entity (JsonObject  *row,
              JsonObject  *step,
              GError     **error)
{
  const char *entity_id = require_string (HB_EXPECTATION_SOURCE_ENTITY, row, "entity_id", error);
  const char *state;
  JsonObject *attributes;

  if (entity_id == NULL)
    return NULL;
  state = require_string (HB_EXPECTATION_SOURCE_ENTITY, row, "state", error);
  if (state == NULL ||
      !optional_object (HB_EXPECTATION_SOURCE_ENTITY, row, "attributes", &attributes, error))
    return NULL;

  json_object_set_string_member (step, "kind", "expect_state");
  json_object_set_string_member (step, "entity_id", entity_id);
  json_object_set_string_member (step, "state", state);
  if (attributes != NULL && json_object_get_size (attributes) > 0)
    json_object_set_object_member (step, "attributes", hb_json_object_copy (attributes));
  return step;
}

static JsonObject *
build_job (JsonObject  *row,
           JsonArray   *context,
           JsonObject  *step,
           GError     **error)
{
  const char *name = require_string (HB_EXPECTATION_SOURCE_JOB, row, "name", error);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  JsonArray *array;

  if (name == NULL)
    return NULL;

  /* expect_jobs compares the whole set of names: name every job scheduled now. */
  if (context != NULL)
    for (guint i = 0; i < json_array_get_length (context); i++)
      {
        JsonNode *node = json_array_get_element (context, i);
        JsonObject *job = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
        const char *other = job ? json_object_get_string_member_with_default (job, "name", NULL)
                                : NULL;

        if (other != NULL && !g_ptr_array_find_with_equal_func (names, other, g_str_equal, NULL))
          g_ptr_array_add (names, (gpointer) other);
      }
  if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
    g_ptr_array_add (names, (gpointer) name);

  json_object_set_string_member (step, "kind", "expect_jobs");
  json_object_set_int_member (step, "count", names->len);
  array = json_array_new ();
  for (guint i = 0; i < names->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (names, i));
  json_object_set_array_member (step, "names", array);
  return step;
}

static JsonObject *
build_error (JsonObject  *row,
             JsonObject  *step,
             GError     **error)
{
  const char *task = require_string (HB_EXPECTATION_SOURCE_ERROR, row, "task", error);
  const char *message;

  if (task == NULL)
    return NULL;
  message = require_string (HB_EXPECTATION_SOURCE_ERROR, row, "message", error);
  if (message == NULL)
    return NULL;

  /* The errors pane lists failed tasks: a timeout is not one of them. */
  json_object_set_string_member (step, "kind", "expect_drain_error");
  json_object_set_string_member (step, "code", "task_failed");
  json_object_set_string_member (step, "task", task);
  if (*message != '\0')
    json_object_set_string_member (step, "message", message);
  return step;
}

static JsonObject *
build_step (JsonObject  *row,
            JsonObject  *step,
            GError     **error)
{
  JsonObject *outcome;
  JsonNode *fired;

  if (!optional_object (HB_EXPECTATION_SOURCE_STEP, row, "outcome", &outcome, error))
    return NULL;
  if (outcome == NULL)
    {
      g_set_error (error, HB_SCENARIO_ERROR, HB_SCENARIO_ERROR_MISSING_FIELD,
                   _("%s: missing field '%s'"), source_label (HB_EXPECTATION_SOURCE_STEP),
                   "outcome");
      return NULL;
    }
  fired = json_object_get_member (outcome, "jobs_fired");
  if (fired == NULL || !JSON_NODE_HOLDS_VALUE (fired) ||
      json_node_get_value_type (fired) != G_TYPE_INT64 || json_node_get_int (fired) < 0)
    {
      g_set_error (error, HB_SCENARIO_ERROR, HB_SCENARIO_ERROR_MISSING_FIELD,
                   _("%s: the step fired no jobs (only trigger_due_jobs, step and next_job "
                     "have 'outcome.jobs_fired')"),
                   source_label (HB_EXPECTATION_SOURCE_STEP));
      return NULL;
    }

  json_object_set_string_member (step, "kind", "expect_trigger_count");
  json_object_set_int_member (step, "count", json_node_get_int (fired));
  return step;
}

JsonObject *
hb_expectation_build (HbExpectationSource    source,
                      JsonObject            *row,
                      HbExpectationFlavour   flavour,
                      JsonArray             *context,
                      GError               **error)
{
  g_autoptr(JsonObject) step = json_object_new ();
  g_autoptr(HbStep) parsed = NULL;
  JsonObject *built = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (row == NULL)
    {
      g_set_error (error, HB_SCENARIO_ERROR, HB_SCENARIO_ERROR_MISSING_FIELD,
                   _("%s: no row selected"), source_label (source));
      return NULL;
    }
  if (!hb_expectation_flavour_supported (source, flavour))
    {
      g_set_error (error, HB_SCENARIO_ERROR, HB_SCENARIO_ERROR_INVALID_VALUE,
                   _("%s: the expectation '%s' is for API calls only"), source_label (source),
                   hb_expectation_flavour_label (flavour));
      return NULL;
    }

  switch (source)
    {
    case HB_EXPECTATION_SOURCE_CALL:
      built = build_call (row, flavour, context, step, error);
      break;
    case HB_EXPECTATION_SOURCE_ENTITY:
      built = build_entity (row, step, error);
      break;
    case HB_EXPECTATION_SOURCE_JOB:
      built = build_job (row, context, step, error);
      break;
    case HB_EXPECTATION_SOURCE_ERROR:
      built = build_error (row, step, error);
      break;
    case HB_EXPECTATION_SOURCE_STEP:
      built = build_step (row, step, error);
      break;
    default:
      g_assert_not_reached ();
    }
  if (built == NULL)
    return NULL;

  /* The library's parser has the last word (entity ids, methods...), and gives the
   * canonical field order the scenario file uses. */
  parsed = hb_step_new_from_object (step, error);
  if (parsed == NULL)
    {
      g_prefix_error (error, "%s: ", source_label (source));
      return NULL;
    }
  return hb_step_to_json (parsed);
}

guint
hb_expectation_position (HbExpectationSource  source,
                         JsonObject          *row,
                         guint                n_applied)
{
  guint n_steps = n_applied;
  gint64 producer;

  g_return_val_if_fail (row != NULL, n_steps);

  switch (source)
    {
    case HB_EXPECTATION_SOURCE_CALL:
    case HB_EXPECTATION_SOURCE_ERROR:
      producer = row_step (row, G_MAXINT64);
      break;
    case HB_EXPECTATION_SOURCE_STEP:
      producer = json_object_get_int_member_with_default (row, "index", G_MAXINT64);
      break;
    case HB_EXPECTATION_SOURCE_ENTITY:
    case HB_EXPECTATION_SOURCE_JOB:
    default:
      /* A live row shows the state after the last step. */
      return n_steps;
    }

  /* -1: made while the app started, before any step. */
  if (producer == G_MAXINT64 || producer + 1 >= (gint64) n_steps)
    return n_steps;
  return (guint) MAX (producer + 1, 0);
}

GPtrArray *
hb_expectation_record_calls (JsonObject *outcome)
{
  GPtrArray *steps = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  const char *kind;
  JsonArray *calls;
  HbStepKind step_kind;

  g_return_val_if_fail (outcome != NULL, steps);

  kind = json_object_get_string_member_with_default (outcome, "kind", NULL);
  if (kind != NULL && hb_step_kind_from_string (kind, &step_kind, NULL) &&
      hb_step_kind_is_expectation (step_kind))
    return steps;
  if (!json_object_has_member (outcome, "calls") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (outcome, "calls")))
    return steps;

  calls = json_object_get_array_member (outcome, "calls");
  for (guint i = 0; i < json_array_get_length (calls); i++)
    {
      JsonNode *node = json_array_get_element (calls, i);
      g_autoptr(JsonObject) step = NULL;
      gboolean seen = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      step = hb_expectation_build (HB_EXPECTATION_SOURCE_CALL, json_node_get_object (node),
                                   HB_EXPECTATION_FLAVOUR_PARTIAL, NULL, NULL);
      if (step == NULL)
        continue;
      /* The same call twice needs one expectation. */
      for (guint j = 0; j < steps->len && !seen; j++)
        seen = hb_json_object_equal (g_ptr_array_index (steps, j), step);
      if (!seen)
        g_ptr_array_add (steps, g_steal_pointer (&step));
    }
  return steps;
}

JsonObject *
hb_expectation_jobs (const char * const *job_names)
{
  JsonObject *step = json_object_new ();
  JsonArray *names = json_array_new ();
  guint n = 0;

  for (; job_names != NULL && job_names[n] != NULL; n++)
    json_array_add_string_element (names, job_names[n]);

  json_object_set_string_member (step, "kind", "expect_jobs");
  json_object_set_int_member (step, "count", n);
  if (n > 0)
    json_object_set_array_member (step, "names", names);
  else
    json_array_unref (names);
  return step;
}
