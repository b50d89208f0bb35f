/* hb-scenario-export.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "hb-scenario.h"
#include "hb-json-text-private.h"
#include "hb-scenario-private.h"
#include "hb-step-private.h"

/*
 * A scenario as a GTest C source that does the same through the libhassbench API. Each
 * step becomes a few lines under a comment naming it. Every string goes through
 * append_c_string(), which escapes everything that is not plain printable ASCII, so the
 * source means the same in any encoding and under any -std (trigraphs included).
 */

typedef struct
{
  GString    *out;
  HbScenario *scenario;
  gboolean    needs_job_names;
  gboolean    needs_failed_task;
} Export;

static void
append_c_string (GString    *out,
                 const char *str)
{
  char prev = '\0';

  g_string_append_c (out, '"');

  for (const char *p = str; *p; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '?':
          /* "??/" is a trigraph for a backslash under strict ISO C. */
          g_string_append (out, prev == '?' ? "\\?" : "?");
          break;
        default:
          /* Octal escapes take at most three digits, so a digit after one is safe. */
          if (c < 0x20 || c >= 0x7f)
            g_string_append_printf (out, "\\%03o", c);
          else
            g_string_append_c (out, (char) c);
        }

      prev = (char) c;
    }

  g_string_append_c (out, '"');
}

static void
append_c_string_or_null (GString    *out,
                         const char *str)
{
  if (str == NULL)
    g_string_append (out, "NULL");
  else
    append_c_string (out, str);
}

static void
append_json_literal (GString  *out,
                     JsonNode *node)
{
  g_autoptr(GString) json = g_string_new (NULL);

  _hb_json_text_write (json, node, 0, 0);
  append_c_string (out, json->str);
}

static void
append_object_literal_or_null (GString    *out,
                               JsonObject *object)
{
  g_autoptr(JsonNode) node = NULL;

  if (object == NULL)
    {
      g_string_append (out, "NULL");
      return;
    }

  node = json_node_init_object (json_node_alloc (), object);
  append_json_literal (out, node);
}

static void
append_double (GString *out,
               double   value)
{
  _hb_json_text_append_double (out, value);
}

/* A comment line for a step; its text is JSON, so "*" "/" must not end the comment. */
static void
append_step_comment (Export *ex,
                     guint   index,
                     HbStep *step)
{
  g_autofree char *json = hb_step_to_string (step);
  g_autoptr(GString) safe = g_string_new (NULL);

  for (const char *p = json; *p; p++)
    {
      if (p[0] == '*' && p[1] == '/')
        {
          g_string_append (safe, "*\\/");
          p++;
        }
      else if ((guchar) *p >= 0x20)
        {
          g_string_append_c (safe, *p);
        }
    }

  g_string_append_printf (ex->out, "\n  /* steps[%u]: %s */\n", index, safe->str);
}

static void
append_status (GString    *out,
               const char *status)
{
  if (status == NULL)
    {
      g_string_append (out, "-1");
      return;
    }

  g_string_append (out, "HB_SERVICE_");
  for (const char *p = status; *p; p++)
    g_string_append_c (out, g_ascii_toupper (*p));
}

/* Whether an expect_drain_error follows step @index among the expectations right after
 * it (the same rule as hb_scenario_run()). */
static gboolean
drain_error_expected (HbScenario *scenario,
                      guint       index)
{
  return _hb_scenario_expects_drain_error (scenario, index);
}

/* Writes the call of an action as an expression with `&error` as its last argument. */
static void
append_action_call (Export *ex,
                    HbStep *step)
{
  GString *out = ex->out;
  double timeout = hb_step_get_timeout (step);

#define TIMEOUT_AND_ERROR() G_STMT_START { \
    g_string_append (out, ", "); \
    append_double (out, timeout); \
    g_string_append (out, ", &error)"); \
  } G_STMT_END

  switch (hb_step_get_kind (step))
    {
    case HB_STEP_SET_STATE:
      g_string_append (out, "hb_harness_set_state (harness, ");
      append_c_string (out, hb_step_get_string (step, "entity_id"));
      g_string_append (out, ", ");
      append_c_string (out, hb_step_get_string (step, "state"));
      g_string_append (out, hb_step_get_object (step, "attributes") ? ", attrs, &error)"
                                                                      : ", NULL, &error)");
      break;

    case HB_STEP_SET_STATES:
      g_string_append (out, "hb_harness_set_states (harness, states, &error)");
      break;

    case HB_STEP_SIMULATE_STATE_CHANGE:
      g_string_append (out, "hb_harness_simulate_state_change (harness, ");
      append_c_string (out, hb_step_get_string (step, "entity_id"));
      g_string_append (out, ", ");
      append_c_string_or_null (out, hb_step_get_string (step, "old_value"));
      g_string_append (out, ", ");
      append_c_string_or_null (out, hb_step_get_string (step, "new_value"));
      g_string_append (out, hb_step_get_object (step, "old_attrs") ? ", old_attrs" : ", NULL");
      g_string_append (out, hb_step_get_object (step, "new_attrs") ? ", new_attrs" : ", NULL");
      TIMEOUT_AND_ERROR ();
      break;

    case HB_STEP_SIMULATE_ATTRIBUTE_CHANGE:
      g_string_append (out, "hb_harness_simulate_attribute_change (harness, ");
      append_c_string (out, hb_step_get_string (step, "entity_id"));
      g_string_append (out, ", ");
      append_c_string (out, hb_step_get_string (step, "attribute"));
      g_string_append (out, hb_step_get_field (step, "old_value") ? ", old_value" : ", NULL");
      g_string_append (out, hb_step_get_field (step, "new_value") ? ", new_value" : ", NULL");
      g_string_append (out, ", ");
      append_c_string_or_null (out, hb_step_get_string (step, "state"));
      TIMEOUT_AND_ERROR ();
      break;

    case HB_STEP_SIMULATE_CALL_SERVICE:
      g_string_append (out, "hb_harness_simulate_call_service (harness, ");
      append_c_string (out, hb_step_get_string (step, "domain"));
      g_string_append (out, ", ");
      append_c_string (out, hb_step_get_string (step, "service"));
      g_string_append (out, hb_step_get_object (step, "service_data") ? ", data" : ", NULL");
      TIMEOUT_AND_ERROR ();
      break;

    case HB_STEP_SIMULATE_COMPONENT_LOADED:
      g_string_append (out, "hb_harness_simulate_component_loaded (harness, ");
      append_c_string (out, hb_step_get_string (step, "component"));
      TIMEOUT_AND_ERROR ();
      break;

    case HB_STEP_SIMULATE_SERVICE_REGISTERED:
      g_string_append (out, "hb_harness_simulate_service_registered (harness, ");
      append_c_string (out, hb_step_get_string (step, "domain"));
      g_string_append (out, ", ");
      append_c_string (out, hb_step_get_string (step, "service"));
      TIMEOUT_AND_ERROR ();
      break;

    case HB_STEP_SIMULATE_HOMEASSISTANT:
      g_string_append (out, "hb_harness_simulate_homeassistant (harness, ");
      append_c_string (out, hb_step_get_string (step, "what"));
      TIMEOUT_AND_ERROR ();
      break;

    case HB_STEP_SIMULATE_SERVICE_STATUS:
      g_string_append (out, "hb_harness_simulate_service_status (harness, ");
      append_c_string (out, hb_step_get_string (step, "resource_name"));
      g_string_append (out, ", ");
      append_status (out, hb_step_get_string (step, "status"));
      g_string_append (out, ", ");
      append_status (out, hb_step_get_string (step, "previous_status"));
      g_string_append (out, ", ");
      append_c_string_or_null (out, hb_step_get_string (step, "exception"));
      TIMEOUT_AND_ERROR ();
      break;

    case HB_STEP_SIMULATE_WEBSOCKET:
      g_string_append_printf (out, "hb_harness_simulate_websocket (harness, %s",
                              json_node_get_boolean (hb_step_get_field (step, "connected"))
                              ? "TRUE" : "FALSE");
      TIMEOUT_AND_ERROR ();
      break;

    case HB_STEP_SIMULATE_APP_STATE_CHANGED:
      g_string_append (out, "hb_harness_simulate_app_state_changed (harness, ");
      append_c_string_or_null (out, hb_step_get_string (step, "app_key"));
      g_string_append (out, ", ");
      append_status (out, hb_step_get_string (step, "status"));
      g_string_append (out, ", ");
      append_status (out, hb_step_get_string (step, "previous_status"));
      g_string_append (out, ", ");
      append_c_string_or_null (out, hb_step_get_string (step, "exception"));
      TIMEOUT_AND_ERROR ();
      break;

    case HB_STEP_SIMULATE_EVENT:
      g_string_append (out, "hb_harness_simulate_event (harness, ");
      append_c_string (out, hb_step_get_string (step, "topic"));
      g_string_append (out, hb_step_get_object (step, "data") ? ", data" : ", NULL");
      TIMEOUT_AND_ERROR ();
      break;

    case HB_STEP_FREEZE_TIME:
      g_string_append (out, hb_step_get_string (step, "at")
                            ? "hb_harness_freeze_time (harness, at, &error)"
                            : "hb_harness_freeze_time (harness, NULL, &error)");
      break;

    case HB_STEP_ADVANCE_TIME:
      g_string_append (out, "hb_harness_advance_time (harness, ");
      append_double (out, hb_step_get_seconds (step));
      g_string_append (out, ", &error)");
      break;

    case HB_STEP_TRIGGER_DUE_JOBS:
      g_string_append (out, "(fired = hb_harness_trigger_due_jobs (harness, &error)) >= 0");
      break;

    case HB_STEP_STEP:
      g_string_append (out, "(fired = hb_harness_step (harness, ");
      append_double (out, hb_step_get_seconds (step));
      g_string_append (out, ", ");
      append_double (out, timeout);
      g_string_append (out, ", &error)) >= 0");
      break;

    case HB_STEP_NEXT_JOB:
      g_string_append (out, "(fired = hb_harness_next_job (harness, ");
      append_double (out, timeout);
      g_string_append (out, ", &error)) >= 0");
      break;

    case HB_STEP_DRAIN:
      g_string_append (out, "hb_harness_drain (harness, ");
      append_double (out, timeout);
      g_string_append (out, ", &error)");
      break;

    case HB_STEP_FINISH:
      g_string_append (out, "hb_harness_finish (harness, ");
      append_double (out, timeout);
      g_string_append (out, ", &error)");
      break;

    case HB_STEP_REMOVE_JOB:
      g_string_append (out, "hb_harness_remove_job (harness, ");
      append_c_string (out, hb_step_get_string (step, "name"));
      g_string_append (out, ", &error)");
      break;

    case HB_STEP_RUN_JOB:
      g_string_append (out, "hb_harness_run_job (harness, ");
      append_c_string (out, hb_step_get_string (step, "name"));
      g_string_append (out, ", ");
      append_double (out, timeout);
      g_string_append (out, ", &error)");
      break;

    default:
      g_assert_not_reached ();
    }

#undef TIMEOUT_AND_ERROR
}

typedef struct
{
  const char *name;
  JsonNode   *node;
  gboolean    object;
} Local;

/* JSON arguments become locals parsed from their JSON text; declarations come first
 * (the project builds with -Wdeclaration-after-statement, and so may its users). */
static void
append_json_locals (Export      *ex,
                    const Local *locals,
                    guint        n_locals)
{
  gboolean any = FALSE;

  for (guint i = 0; i < n_locals; i++)
    {
      if (locals[i].node == NULL)
        continue;
      g_string_append_printf (ex->out, "    g_autoptr(%s) %s = NULL;\n",
                              locals[i].object ? "JsonObject" : "JsonNode", locals[i].name);
      any = TRUE;
    }
  if (any)
    g_string_append_c (ex->out, '\n');

  for (guint i = 0; i < n_locals; i++)
    {
      if (locals[i].node == NULL)
        continue;
      g_string_append_printf (ex->out, "    %s = %s (", locals[i].name,
                              locals[i].object ? "hb_json_object_from_string"
                                               : "hb_json_from_string");
      append_json_literal (ex->out, locals[i].node);
      g_string_append (ex->out, ", &error);\n    g_assert_no_error (error);\n");
    }
}

static void
export_action (Export *ex,
               guint   index,
               HbStep *step)
{
  GString *out = ex->out;
  HbStepKind kind = hb_step_get_kind (step);
  gboolean expect_failure = drain_error_expected (ex->scenario, index);

  g_string_append (out, "  {\n");

  switch (kind)
    {
    case HB_STEP_SET_STATE:
      {
        Local l[] = { { "attrs", hb_step_get_field (step, "attributes"), TRUE } };
        append_json_locals (ex, l, G_N_ELEMENTS (l));
      }
      break;
    case HB_STEP_SET_STATES:
      {
        Local l[] = { { "states", hb_step_get_field (step, "states"), TRUE } };
        append_json_locals (ex, l, G_N_ELEMENTS (l));
      }
      break;
    case HB_STEP_SIMULATE_STATE_CHANGE:
      {
        Local l[] = { { "old_attrs", hb_step_get_field (step, "old_attrs"), TRUE },
                      { "new_attrs", hb_step_get_field (step, "new_attrs"), TRUE } };
        append_json_locals (ex, l, G_N_ELEMENTS (l));
      }
      break;
    case HB_STEP_SIMULATE_ATTRIBUTE_CHANGE:
      {
        Local l[] = { { "old_value", hb_step_get_field (step, "old_value"), FALSE },
                      { "new_value", hb_step_get_field (step, "new_value"), FALSE } };
        append_json_locals (ex, l, G_N_ELEMENTS (l));
      }
      break;
    case HB_STEP_SIMULATE_CALL_SERVICE:
      {
        Local l[] = { { "data", hb_step_get_field (step, "service_data"), TRUE } };
        append_json_locals (ex, l, G_N_ELEMENTS (l));
      }
      break;
    case HB_STEP_SIMULATE_EVENT:
      {
        Local l[] = { { "data", hb_step_get_field (step, "data"), TRUE } };
        append_json_locals (ex, l, G_N_ELEMENTS (l));
      }
      break;
    case HB_STEP_FREEZE_TIME:
      if (hb_step_get_string (step, "at") != NULL)
        {
          g_string_append (out, "    g_autoptr(GDateTime) at = NULL;\n\n"
                                "    at = hb_parse_instant (");
          append_c_string (out, hb_step_get_string (step, "at"));
          g_string_append (out, ",\n                           hb_clock_get_time_zone "
                                "(hb_harness_get_clock (harness)),\n"
                                "                           &error);\n"
                                "    g_assert_no_error (error);\n");
        }
      else
        {
          append_json_locals (ex, NULL, 0);
        }
      break;
    default:
      append_json_locals (ex, NULL, 0);
      break;
    }

  if (expect_failure)
    {
      g_autoptr(GString) call = g_string_new (NULL);
      GString *saved = ex->out;
      char *last;

      /* The expect_drain_error after it checks drain_error. */
      ex->out = call;
      append_action_call (ex, step);
      ex->out = saved;
      last = g_strrstr (call->str, "&error)");
      g_assert (last != NULL);
      g_string_insert (call, (last - call->str) + 1, "drain_");

      g_string_append (out, "    g_clear_error (&drain_error);\n    ok = ");
      g_string_append (out, call->str);
      g_string_append (out, ";\n    g_assert_false (ok);\n    g_assert_nonnull (drain_error);\n");
    }
  else
    {
      g_string_append (out, "    ok = ");
      append_action_call (ex, step);
      g_string_append (out, ";\n    g_assert_no_error (error);\n    g_assert_true (ok);\n");
    }

  g_string_append (out, "  }\n");
}

static void
append_kwargs_call (Export     *ex,
                    const char *function,
                    HbStep     *step,
                    gboolean    with_count)
{
  GString *out = ex->out;

  g_string_append_printf (out, "  ok = %s (api, ", function);
  append_c_string (out, hb_step_get_string (step, "method"));
  if (with_count)
    g_string_append_printf (out, ", %" G_GINT64_FORMAT, hb_step_get_count (step));
  g_string_append (out, ", ");
  append_object_literal_or_null (out, hb_step_get_object (step, "kwargs"));
  g_string_append (out, ", &error);\n  g_assert_no_error (error);\n  g_assert_true (ok);\n");
}

static void
export_expect_state (Export *ex,
                     HbStep *step)
{
  GString *out = ex->out;
  JsonNode *state = hb_step_get_field (step, "state");
  JsonObject *attrs = hb_step_get_object (step, "attributes");

  g_string_append (out, "  {\n    HbState *state = hb_states_lookup (hb_harness_get_states "
                        "(harness), ");
  append_c_string (out, hb_step_get_string (step, "entity_id"));
  g_string_append (out, ");\n\n");

  if (state != NULL && JSON_NODE_HOLDS_NULL (state))
    {
      g_string_append (out, "    g_assert_null (state);\n  }\n");
      return;
    }

  g_string_append (out, "    g_assert_nonnull (state);\n");
  if (state != NULL)
    {
      g_string_append (out, "    g_assert_cmpstr (hb_state_get_state (state), ==, ");
      append_c_string (out, json_node_get_string (state));
      g_string_append (out, ");\n");
    }

  if (attrs != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init_ordered (&iter, attrs);
      while (json_object_iter_next_ordered (&iter, &name, &value))
        {
          g_string_append (out, "    {\n      g_autoptr(JsonNode) expected = "
                                "hb_json_from_string (");
          append_json_literal (out, value);
          g_string_append (out, ", NULL);\n\n      g_assert_true (hb_json_equal "
                                "(hb_state_get_attribute (state, ");
          append_c_string (out, name);
          g_string_append (out, "), expected));\n    }\n");
        }
    }

  g_string_append (out, "  }\n");
}

static void
export_expect_jobs (Export *ex,
                    HbStep *step)
{
  GString *out = ex->out;
  JsonNode *names = hb_step_get_field (step, "names");

  if (hb_step_get_count (step) >= 0)
    g_string_append_printf (out, "  g_assert_cmpuint (hb_scheduler_get_n_jobs "
                                 "(hb_harness_get_scheduler (harness)), ==, %" G_GINT64_FORMAT
                                 ");\n", hb_step_get_count (step));

  if (names != NULL)
    {
      JsonArray *array = json_node_get_array (names);

      ex->needs_job_names = TRUE;
      g_string_append (out, "  {\n    static const char * const names[] = { ");
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          append_c_string (out, json_array_get_string_element (array, i));
          g_string_append (out, ", ");
        }
      g_string_append (out, "NULL };\n\n    assert_job_names (harness, names);\n  }\n");
    }
}

static void
export_expect_drain_error (Export *ex,
                           HbStep *step)
{
  GString *out = ex->out;
  const char *code = hb_step_get_string (step, "code");
  const char *task = hb_step_get_string (step, "task");
  const char *message = hb_step_get_string (step, "message");

  if (code != NULL)
    g_string_append_printf (out, "  g_assert_error (drain_error, HB_DRAIN_ERROR, %s);\n",
                            strcmp (code, "timeout") == 0 ? "HB_DRAIN_ERROR_TIMEOUT"
                                                          : "HB_DRAIN_ERROR_TASK_FAILED");
  else
    g_string_append (out, "  g_assert_nonnull (drain_error);\n"
                          "  g_assert_true (drain_error->domain == HB_DRAIN_ERROR);\n");

  if (message != NULL)
    {
      g_string_append (out, "  g_assert_nonnull (strstr (drain_error->message, ");
      append_c_string (out, message);
      g_string_append (out, "));\n");
    }

  if (task != NULL)
    {
      ex->needs_failed_task = TRUE;
      g_string_append (out, "  g_assert_true (drain_report_has_failure (harness, ");
      append_c_string (out, task);
      g_string_append (out, "));\n");
    }
}

static void
export_step (Export *ex,
             guint   index,
             HbStep *step)
{
  GString *out = ex->out;

  append_step_comment (ex, index, step);

  switch (hb_step_get_kind (step))
    {
    case HB_STEP_EXPECT_CALLED:
      append_kwargs_call (ex, "hb_recording_api_assert_called_json", step, FALSE);
      break;
    case HB_STEP_EXPECT_CALLED_EXACT:
      append_kwargs_call (ex, "hb_recording_api_assert_called_exact_json", step, FALSE);
      break;
    case HB_STEP_EXPECT_NOT_CALLED:
      append_kwargs_call (ex, "hb_recording_api_assert_not_called_json", step, FALSE);
      break;
    case HB_STEP_EXPECT_CALL_COUNT:
      append_kwargs_call (ex, "hb_recording_api_assert_call_count_json", step, TRUE);
      break;
    case HB_STEP_EXPECT_STATE:
      export_expect_state (ex, step);
      break;
    case HB_STEP_EXPECT_JOBS:
      export_expect_jobs (ex, step);
      break;
    case HB_STEP_EXPECT_DRAIN_ERROR:
      export_expect_drain_error (ex, step);
      break;
    case HB_STEP_EXPECT_TRIGGER_COUNT:
      g_string_append_printf (out, "  g_assert_cmpint (fired, ==, %" G_GINT64_FORMAT ");\n",
                              hb_step_get_count (step));
      break;
    default:
      export_action (ex, index, step);
      break;
    }
}

static char *
test_path_name (const char *name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '_')
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (out->len > 0 && out->str[out->len - 1] != '-')
        g_string_append_c (out, '-');
    }

  while (out->len > 0 && out->str[out->len - 1] == '-')
    g_string_truncate (out, out->len - 1);
  if (out->len == 0)
    g_string_append (out, "scenario");

  return g_string_free (out, FALSE);
}

static void
export_create_harness (Export *ex)
{
  HbScenario *scenario = ex->scenario;
  GString *out = ex->out;
  const char *module = hb_scenario_get_app_module (scenario);
  guint64 seed;

  g_string_append (out,
                   "static HbHarness *\n"
                   "create_harness (void)\n"
                   "{\n"
                   "  g_autoptr(HbAppRegistry) registry = hb_app_registry_new ();\n"
                   "  g_autoptr(JsonObject) config = NULL;\n"
                   "  g_autoptr(GError) error = NULL;\n"
                   "  HbHarness *harness;\n"
                   "  GType type;\n\n");

  if (module == NULL)
    {
      g_string_append (out, "  /* A bundled app: found in HB_APPS_PATH or the installed apps "
                            "directory. */\n  type = hb_app_registry_find (registry, ");
      append_c_string (out, hb_scenario_get_app_id (scenario));
      g_string_append (out, ", &error);\n");
    }
  else
    {
      g_autofree char *path = NULL;

      const char *base_dir = hb_scenario_get_base_dir (scenario);
      g_autofree char *base = base_dir != NULL ? g_canonicalize_filename (base_dir, NULL) : NULL;

      /* Absolute: the test will not run where the scenario was exported. */
      path = g_canonicalize_filename (module, base);

      g_string_append (out, "  type = hb_app_registry_resolve (registry, ");
      append_c_string_or_null (out, hb_scenario_get_app_id (scenario));
      g_string_append (out, ",\n                                  ");
      append_c_string (out, path);
      g_string_append (out, ",\n                                  ");
      append_c_string_or_null (out, hb_scenario_get_app_type (scenario));
      g_string_append (out, ", NULL, &error);\n");
    }

  g_string_append (out, "  g_assert_no_error (error);\n\n  config = hb_json_object_from_string (");
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (),
                                                      hb_scenario_get_config (scenario));
    append_json_literal (out, node);
  }
  g_string_append (out, ", &error);\n  g_assert_no_error (error);\n"
                        "  harness = hb_harness_new (type, config);\n");

  if (hb_scenario_get_time_zone (scenario) != NULL || hb_scenario_get_start_time (scenario))
    {
      g_string_append (out, "\n  {\n    g_autoptr(GTimeZone) zone = ");
      if (hb_scenario_get_time_zone (scenario) != NULL)
        {
          g_string_append (out, "g_time_zone_new_identifier (");
          append_c_string (out, hb_scenario_get_time_zone (scenario));
          g_string_append (out, ");\n\n    g_assert_nonnull (zone);\n"
                                "    hb_harness_set_time_zone (harness, zone);\n");
        }
      else
        {
          g_string_append (out, "g_time_zone_new_utc ();\n");
        }

      if (hb_scenario_get_start_time (scenario) != NULL)
        {
          g_string_append (out, "    {\n      g_autoptr(GDateTime) start = hb_parse_instant (");
          append_c_string (out, hb_scenario_get_start_time (scenario));
          g_string_append (out, ", zone, &error);\n\n      g_assert_no_error (error);\n"
                                "      hb_harness_set_start_time (harness, start);\n    }\n");
        }
      g_string_append (out, "  }\n");
    }

  if (hb_scenario_get_seed (scenario, &seed))
    g_string_append_printf (out, "  hb_harness_set_seed (harness, G_GUINT64_CONSTANT (%"
                                 G_GUINT64_FORMAT "));\n", seed);

  g_string_append (out, "\n  return harness;\n}\n\n");
}

static void
export_helpers (Export  *ex,
                GString *helpers)
{
  if (ex->needs_job_names)
    g_string_append (helpers,
                     "static int\n"
                     "compare_names (gconstpointer a,\n"
                     "               gconstpointer b)\n"
                     "{\n"
                     "  return strcmp (*(const char * const *) a, *(const char * const *) b);\n"
                     "}\n\n"
                     "/* The scheduled jobs' names equal @names, as sets. */\n"
                     "static void\n"
                     "assert_job_names (HbHarness          *harness,\n"
                     "                  const char * const *names)\n"
                     "{\n"
                     "  g_autoptr(GPtrArray) jobs = hb_scheduler_list_jobs "
                     "(hb_harness_get_scheduler (harness), NULL);\n"
                     "  g_autoptr(GPtrArray) have = g_ptr_array_new ();\n"
                     "  g_autoptr(GPtrArray) want = g_ptr_array_new ();\n\n"
                     "  for (guint i = 0; i < jobs->len; i++)\n"
                     "    g_ptr_array_add (have, (gpointer) hb_job_get_name "
                     "(g_ptr_array_index (jobs, i)));\n"
                     "  for (guint i = 0; names[i] != NULL; i++)\n"
                     "    g_ptr_array_add (want, (gpointer) names[i]);\n"
                     "  g_ptr_array_sort (have, compare_names);\n"
                     "  g_ptr_array_sort (want, compare_names);\n\n"
                     "  g_assert_cmpuint (have->len, ==, want->len);\n"
                     "  for (guint i = 0; i < have->len; i++)\n"
                     "    g_assert_cmpstr (g_ptr_array_index (have, i), ==, "
                     "g_ptr_array_index (want, i));\n"
                     "}\n\n");

  if (ex->needs_failed_task)
    g_string_append (helpers,
                     "/* Whether the last drain saw the task named @task fail. */\n"
                     "static gboolean\n"
                     "drain_report_has_failure (HbHarness  *harness,\n"
                     "                          const char *task)\n"
                     "{\n"
                     "  HbDrainReport *report = hb_harness_get_drain_report (harness);\n\n"
                     "  for (guint i = 0; i < hb_drain_report_get_n_failures (report); i++)\n"
                     "    if (g_strcmp0 (hb_drain_report_get_task_name (report, i), task) == 0)\n"
                     "      return TRUE;\n\n"
                     "  return FALSE;\n"
                     "}\n\n");
}

char *
hb_scenario_to_c (HbScenario *self,
                  const char *name)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GString) helpers = g_string_new (NULL);
  g_autofree char *test_name = NULL;
  GString *out;
  Export ex = { 0 };

  g_return_val_if_fail (HB_IS_SCENARIO (self), NULL);

  test_name = test_path_name (name != NULL ? name : "scenario");

  ex.scenario = self;
  ex.out = body;

  g_string_append (body,
                   "static void\n"
                   "test_scenario (void)\n"
                   "{\n"
                   "  g_autoptr(HbHarness) harness = create_harness ();\n"
                   "  g_autoptr(GError) error = NULL;\n"
                   "  g_autoptr(GError) drain_error = NULL;\n"
                   "  HbRecordingApi *api;\n"
                   "  gboolean ok;\n"
                   "  int fired = -1;\n\n"
                   "  ok = hb_harness_start (harness, &error);\n"
                   "  g_assert_no_error (error);\n"
                   "  g_assert_true (ok);\n"
                   "  api = hb_harness_get_api (harness);\n");

  for (guint i = 0; i < hb_scenario_get_n_steps (self); i++)
    export_step (&ex, i, hb_scenario_get_step (self, i));

  g_string_append (body,
                   "\n  ok = hb_harness_stop (harness, &error);\n"
                   "  g_assert_no_error (error);\n"
                   "  g_assert_true (ok);\n"
                   "  (void) api;\n"
                   "  (void) fired;\n"
                   "}\n\n");

  export_helpers (&ex, helpers);

  out = g_string_new (NULL);
  g_string_append (out, "/* Generated by hassbench-cli export");
  if (hb_scenario_get_description (self) != NULL)
    {
      /* The description is free text: keep it out of the comment's way. */
      g_autofree char *safe = g_strdup (hb_scenario_get_description (self));

      for (char *p = safe; *p; p++)
        if (*p == '*' || (guchar) *p < 0x20)
          *p = ' ';
      g_string_append_printf (out, ".\n *\n * %s", safe);
    }
  g_string_append (out, "\n *\n"
                        " * Build: cc test.c $(pkg-config --cflags --libs hassbench-1)\n"
                        " */\n\n"
                        "#include <string.h>\n\n"
                        "#include <hassbench.h>\n\n");
  ex.out = out;
  export_create_harness (&ex);
  g_string_append (out, helpers->str);
  g_string_append (out, body->str);
  g_string_append_printf (out,
                          "int\n"
                          "main (int   argc,\n"
                          "      char *argv[])\n"
                          "{\n"
                          "  g_test_init (&argc, &argv, NULL);\n"
                          "  /* Apps may log warnings on purpose; only criticals are bugs. */\n"
                          "  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);\n"
                          "\n"
                          "  g_test_add_func (\"/hassbench/exported/%s\", test_scenario);\n"
                          "\n"
                          "  return g_test_run ();\n"
                          "}\n", test_name);

  return g_string_free (out, FALSE);
}
