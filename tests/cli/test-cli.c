/* test-cli.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <signal.h>
#include <unistd.h>
#include <string.h>

#include <glib/gstdio.h>

#include <hassbench.h>

/*
 * hassbench-cli, run as a user runs it. The apps come from the test apps module
 * (tests/cli/hb-test-apps*.c), found by id through HB_APPS_PATH.
 */

#define T0 "2024-06-01T07:00:00+00:00"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("hb-cli-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    {
      g_remove (path);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
}

/* Runs hassbench-cli with @args (NULL-terminated); returns the exit status, or 128 + the
 * signal that killed it. */
static int
run_cli (char       **out,
         char       **err,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  const char *cli = g_getenv ("HB_CLI");
  const char *arg;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);

  g_test_message ("stdout: %s", stdout_text);
  g_test_message ("stderr: %s", stderr_text);

  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);

  if (g_subprocess_get_if_signaled (process))
    return 128 + g_subprocess_get_term_sig (process);

  return g_subprocess_get_exit_status (process);
}

static char *
write_scenario (Fixture    *f,
                const char *name,
                const char *app,
                const char *steps)
{
  g_autofree char *file = g_strdup_printf ("%s.hbscenario.json", name);
  g_autofree char *text = NULL;
  char *path = g_build_filename (f->dir, file, NULL);

  text = g_strdup_printf ("{\"format\": \"hassbench-scenario\", \"version\": 1,\n"
                          " \"app\": {\"id\": \"%s\"},\n"
                          " \"harness\": {\"start_time\": \"" T0 "\", \"seed\": 3},\n"
                          " \"steps\": [%s]}\n", app, steps);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));

  return path;
}

#define SIM(entity, old, new) \
  "{\"kind\": \"simulate_state_change\", \"entity_id\": \"" entity "\", \"old_value\": \"" \
  old "\", \"new_value\": \"" new "\"}"

/* failing-app, everything held. */
#define PASSING_STEPS \
  SIM ("input_boolean.fail", "on", "off") ",\n" \
  "{\"kind\": \"expect_called_exact\", \"method\": \"turn_on\", " \
  "\"kwargs\": {\"entity_id\": \"light.ok\", \"domain\": \"light\"}},\n" \
  "{\"kind\": \"step\", \"by\": \"1m\"},\n" \
  "{\"kind\": \"expect_trigger_count\", \"count\": 1},\n" \
  "{\"kind\": \"expect_called\", \"method\": \"turn_on\", " \
  "\"kwargs\": {\"entity_id\": \"light.tick\"}},\n" \
  SIM ("input_boolean.fail", "off", "on") ",\n" \
  "{\"kind\": \"expect_drain_error\", \"code\": \"task_failed\", " \
  "\"task\": \"handler:fail_on_trigger\", \"message\": \"boom\"},\n" \
  "{\"kind\": \"expect_jobs\", \"count\": 1, \"names\": [\"tick\"]}"

static void
test_help (void)
{
  static const char * const verbs[] = { "run", "check", "record", "export", "apps" };
  g_autofree char *out = NULL;

  g_assert_cmpint (run_cli (&out, NULL, "--help", NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    g_assert_nonnull (strstr (out, verbs[i]));
  g_assert_null (strstr (out, "_run-one"));

  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    {
      g_autofree char *help = NULL;
      g_autofree char *help2 = NULL;
      g_autofree char *usage = g_strdup_printf ("hassbench-cli %s", verbs[i]);

      g_assert_cmpint (run_cli (&help, NULL, verbs[i], "--help", NULL), ==, 0);
      g_assert_nonnull (strstr (help, "Examples:"));
      g_assert_nonnull (strstr (help, usage));

      g_assert_cmpint (run_cli (&help2, NULL, "help", verbs[i], NULL), ==, 0);
      g_assert_cmpstr (help, ==, help2);
    }
}

static void
test_usage_errors (void)
{
  static const char * const cases[][4] = {
    { "frobnicate", NULL, NULL, "unknown verb 'frobnicate'" },
    { "run", NULL, NULL, "no scenario files given" },
    { "run", "--format=xml", "x.json", "unknown format 'xml'" },
    { "run", "--jobs=-1", "x.json", "--jobs must be at least 1" },
    { "run", "--bogus", NULL, "Unknown option --bogus" },
    { "check", NULL, NULL, "expected one scenario file" },
    { "check", "--runs=1", "x.json", "--runs must be at least 2" },
    { "export", "x.json", NULL, "nothing to do" },
    { "export", "--c=-", "/nonexistent/x.hbscenario.json", "/nonexistent/x.hbscenario.json" },
    { "record", NULL, NULL, "expected one scenario file" },
    { "apps", "extra", NULL, "unexpected argument 'extra'" },
    { "apps", "--module=/nonexistent/m.so", NULL, "/nonexistent/m.so: no such module file" },
    { "help", "frobnicate", NULL, "unknown verb 'frobnicate'" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = run_cli (&out, &err, cases[i][0], cases[i][1], cases[i][2], NULL);

      g_test_message ("case %u", i);
      g_assert_cmpint (status, ==, 2);
      g_assert_cmpstr (out, ==, "");
      if (strstr (err, cases[i][3]) == NULL)
        g_error ("case %u: stderr '%s' lacks '%s'", i, err, cases[i][3]);
    }
}

static void
test_run_passing (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = write_scenario (f, "passing", "failing-app", PASSING_STEPS);
  g_autofree char *out = NULL;
  g_autofree char *expected = g_strdup_printf ("ok 1 - %s\n", path);

  g_assert_cmpint (run_cli (&out, NULL, "run", path, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "TAP version 13\n1..1\n"));
  g_assert_nonnull (strstr (out, expected));
  g_assert_null (strstr (out, "not ok"));
}

static void
test_run_failing_expectation (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *path = write_scenario (f, "failing", "failing-app",
                                          SIM ("input_boolean.fail", "on", "off") ",\n"
                                          "{\"kind\": \"expect_called_exact\", "
                                          "\"method\": \"turn_on\", \"kwargs\": "
                                          "{\"entity_id\": \"light.nope\", "
                                          "\"domain\": \"light\"}},\n"
                                          "{\"kind\": \"expect_jobs\", \"count\": 5}");
  g_autofree char *out = NULL;

  g_assert_cmpint (run_cli (&out, NULL, "run", path, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "not ok 1 - "));
  /* Every failed expectation, each with the step, what was expected and what happened. */
  g_assert_nonnull (strstr (out, "# steps[1] expect_called_exact turn_on"));
  g_assert_nonnull (strstr (out, "#   expected: expect_called_exact turn_on"));
  g_assert_nonnull (strstr (out, "#   happened: "));
  g_assert_nonnull (strstr (out, "light.ok"));
  g_assert_nonnull (strstr (out, "# steps[2] expect_jobs count=5"));
  g_assert_nonnull (strstr (out, "Expected 5 scheduled jobs, found 1: tick (next run "
                                 "2024-06-01T07:01:00+00:00)"));
}

static void
test_run_drain_error (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = write_scenario (f, "unexpected", "failing-app",
                                          SIM ("input_boolean.fail", "off", "on") ",\n"
                                          "{\"kind\": \"expect_called\", \"method\": "
                                          "\"turn_on\"}");
  g_autofree char *out = NULL;

  g_assert_cmpint (run_cli (&out, NULL, "run", path, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "# steps[0] simulate_state_change input_boolean.fail: off -> on"));
  g_assert_nonnull (strstr (out, "#   drain error: handler:fail_on_trigger: "));
  g_assert_nonnull (strstr (out, "boom: the handler failed on purpose"));
  /* The run stopped at the failed action. */
  g_assert_null (strstr (out, "steps[1]"));
}

static void
test_run_crash (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = write_scenario (f, "crash", "crashing-app",
                                          SIM ("input_boolean.crash", "off", "on"));
  g_autofree char *out = NULL;
  g_autofree char *expected = g_strdup_printf ("# crashed with signal %d (%s) during "
                                               "steps[0] simulate_state_change "
                                               "input_boolean.crash: off -> on", SIGSEGV,
                                               g_strsignal (SIGSEGV));

  g_assert_cmpint (run_cli (&out, NULL, "run", path, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "not ok 1 - "));
  g_assert_nonnull (strstr (out, expected));
}

static void
test_run_bad_files (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *bad = g_build_filename (f->dir, "bad.hbscenario.json", NULL);
  g_autofree char *unknown = write_scenario (f, "unknown", "no-such-app", "");
  g_autofree char *out = NULL;

  g_assert_true (g_file_set_contents (bad, "{\"format\": \"hassbench-scenario\",\n"
                                           " \"version\": 1, \"app\": {\"id\": \"x\"},\n"
                                           " \"steps\": [{\"kind\": \"simulate_foo\"}]}", -1,
                                      NULL));

  g_assert_cmpint (run_cli (&out, NULL, "run", bad, "/nonexistent/x.hbscenario.json",
                            unknown, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "not ok 1 - "));
  g_assert_nonnull (strstr (out, ":3:21: steps[0].kind: unknown step kind 'simulate_foo'"));
  g_assert_nonnull (strstr (out, "not ok 2 - /nonexistent/x.hbscenario.json\n# load: "));
  g_assert_nonnull (strstr (out, "not ok 3 - "));
  g_assert_nonnull (strstr (out, "# app: no app with id 'no-such-app'; known apps: "));
}

static void
test_run_parallel_order (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *good = write_scenario (f, "good", "failing-app", PASSING_STEPS);
  g_autofree char *bad = write_scenario (f, "bad", "failing-app",
                                         "{\"kind\": \"expect_called\", \"method\": "
                                         "\"turn_off\"}");
  g_autofree char *out = NULL;
  g_autofree char *expected = NULL;

  g_assert_cmpint (run_cli (&out, NULL, "run", "--jobs", "3", bad, good, good, bad, good,
                            NULL), ==, 1);
  /* In the order given, whatever order they finished in. */
  expected = g_strdup_printf ("not ok 1 - %s\n", bad);
  g_assert_nonnull (strstr (out, expected));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("ok 2 - %s\nok 3 - %s\nnot ok 4 - %s\n", good, good, bad);
  g_assert_nonnull (strstr (out, expected));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("ok 5 - %s\n", good);
  g_assert_true (g_str_has_suffix (out, expected));
}

static void
test_run_json (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *good = write_scenario (f, "good", "failing-app", PASSING_STEPS);
  g_autofree char *bad = write_scenario (f, "bad", "failing-app",
                                         "{\"kind\": \"expect_called\", \"method\": "
                                         "\"turn_off\"}");
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *scenarios;
  JsonObject *second;
  JsonArray *failures;

  g_assert_cmpint (run_cli (&out, NULL, "run", "--format=json", good, bad, NULL), ==, 1);
  node = json_from_string (out, &error);
  g_assert_no_error (error);
  root = json_node_get_object (node);
  g_assert_false (json_object_get_boolean_member (root, "ok"));
  scenarios = json_object_get_array_member (root, "scenarios");
  g_assert_cmpuint (json_array_get_length (scenarios), ==, 2);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (scenarios, 0),
                                                 "ok"));
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (scenarios, 0),
                                               "steps"), ==, 8);
  second = json_array_get_object_element (scenarios, 1);
  g_assert_false (json_object_get_boolean_member (second, "ok"));
  g_assert_cmpstr (json_object_get_string_member (second, "file"), ==, bad);
  failures = json_object_get_array_member (second, "failures");
  g_assert_cmpuint (json_array_get_length (failures), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (failures, 0),
                                                  "kind"), ==, "expect_called");
}

static void
test_check (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *good = write_scenario (f, "good", "failing-app", PASSING_STEPS);
  g_autofree char *random = write_scenario (f, "random", "random-app",
                                            "{\"kind\": \"set_state\", \"entity_id\": "
                                            "\"sensor.random\", \"state\": \"1\"},\n"
                                            SIM ("sensor.random", "1", "2"));
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;

  g_assert_cmpint (run_cli (&out, NULL, "check", good, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "deterministic: 2 replays, 8 steps, identical outcomes"));

  /* The random app's brightness differs between processes; check names the step and
   * the place. */
  g_assert_cmpint (run_cli (&out2, NULL, "check", random, NULL), ==, 1);
  g_assert_nonnull (strstr (out2, "not deterministic: steps[1] simulate_state_change "
                                  "sensor.random: 1 -> 2 differs"));
  g_assert_nonnull (strstr (out2, "at outcome.calls[0].kwargs.brightness"));
}

static void
test_record (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *explore = write_scenario (f, "explore", "failing-app",
                                             SIM ("input_boolean.fail", "on", "off") ",\n"
                                             "{\"kind\": \"expect_jobs\", \"count\": 99},\n"
                                             "{\"kind\": \"step\", \"by\": 60},\n"
                                             SIM ("input_boolean.fail", "off", "on"));
  g_autofree char *recorded = g_build_filename (f->dir, "recorded.hbscenario.json", NULL);
  g_autofree char *out = NULL;
  g_autoptr(HbScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) kinds = g_string_new (NULL);

  g_assert_cmpint (run_cli (&out, NULL, "record", "-o", recorded, explore, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "");

  scenario = hb_scenario_new_from_file (recorded, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hb_scenario_get_app_id (scenario), ==, "failing-app");
  g_assert_cmpstr (hb_scenario_get_start_time (scenario), ==, T0);
  for (guint i = 0; i < hb_scenario_get_n_steps (scenario); i++)
    g_string_append_printf (kinds, "%s\n",
                            hb_step_kind_to_string (hb_step_get_kind (
                              hb_scenario_get_step (scenario, i))));

  /* The expectation of the input is gone; what was observed is there instead. */
  g_assert_cmpstr (kinds->str, ==,
                   "expect_jobs\n"              /* tick, made by initialize */
                   "simulate_state_change\n"
                   "expect_called_exact\n"      /* turn_on light.ok */
                   "step\n"
                   "expect_called_exact\n"      /* turn_on light.tick */
                   "expect_trigger_count\n"
                   "simulate_state_change\n"
                   "expect_drain_error\n"
                   "expect_call_count\n");
  g_assert_cmpstr (hb_step_get_string (hb_scenario_get_step (scenario, 7), "task"), ==,
                   "handler:fail_on_trigger");
  g_assert_cmpint (hb_step_get_count (hb_scenario_get_step (scenario, 8)), ==, 2);

  /* Exploring gave a test: it passes, and deterministically. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, NULL, "run", recorded, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, NULL, "check", recorded, NULL), ==, 0);
}

static void
test_export_scenario (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *messy = g_build_filename (f->dir, "messy.hbscenario.json", NULL);
  g_autofree char *out = NULL;

  g_assert_true (g_file_set_contents (messy, "{ \"steps\" : [ { \"by\" : \"5m\" , \"kind\" : "
                                             "\"advance_time\" } ] , \"version\":1,"
                                             "\"app\":{\"id\":\"failing-app\"},"
                                             "\"format\":\"hassbench-scenario\"}", -1, NULL));
  g_assert_cmpint (run_cli (&out, NULL, "export", "--scenario", "-", messy, NULL), ==, 0);
  g_assert_cmpstr (out, ==,
                   "{\n"
                   "  \"format\": \"hassbench-scenario\",\n"
                   "  \"version\": 1,\n"
                   "  \"app\": {\n"
                   "    \"id\": \"failing-app\",\n"
                   "    \"config\": {}\n"
                   "  },\n"
                   "  \"harness\": {},\n"
                   "  \"steps\": [\n"
                   "    {\"kind\": \"advance_time\", \"by\": \"5m\"}\n"
                   "  ]\n"
                   "}\n");
}

static void
test_export_c_escapes (Fixture       *f,
                       gconstpointer  data)
{
  /* The state: a "quote", a back\slash, a newline, é, a trigraph (two question marks and
   * a slash) and a comment end. */
  g_autofree char *path = write_scenario (f, "escapes", "failing-app",
                                          "{\"kind\": \"set_state\", \"entity_id\": "
                                          "\"sensor.x\", \"state\": \"a \\\"quote\\\", a "
                                          "back\\\\slash,\\nnew line, \\u00e9, ?\?/ */\"}");
  g_autofree char *out = NULL;

  g_assert_cmpint (run_cli (&out, NULL, "export", "--c", "-", "--name", "Odd Name!", path,
                            NULL), ==, 0);
  g_assert_nonnull (strstr (out, "hb_harness_set_state (harness, \"sensor.x\", "
                                 "\"a \\\"quote\\\", a back\\\\slash,\\nnew line, "
                                 "\\303\\251, ?\\?/ */\", NULL, &error)"));
  /* In the step's comment, the comment end is defused. */
  g_assert_nonnull (strstr (out, "?\?/ *\\/"));
  g_assert_nonnull (strstr (out, "\"/hassbench/exported/odd-name\""));
  g_assert_nonnull (strstr (out, "hb_app_registry_find (registry, \"failing-app\", &error)"));
}

static void
test_module_relative_path (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *module = g_build_filename (g_getenv ("HB_TEST_APPS_DIR"),
                                              "libhb-test-apps.so", NULL);
  g_autofree char *link = g_build_filename (f->dir, "apps.so", NULL);
  g_autofree char *path = g_build_filename (f->dir, "module.hbscenario.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *source = NULL;
  g_autofree char *expected = NULL;

  g_assert_cmpint (symlink (module, link), ==, 0);
  g_assert_true (g_file_set_contents (path,
                                      "{\"format\": \"hassbench-scenario\", \"version\": 1,\n"
                                      " \"app\": {\"module\": \"apps.so\", "
                                      "\"type\": \"HbFailingApp\"},\n"
                                      " \"harness\": {\"start_time\": \"" T0 "\"},\n"
                                      " \"steps\": [" PASSING_STEPS "]}\n", -1, NULL));

  /* Relative to the scenario file, not to where hassbench-cli runs. */
  g_assert_cmpint (run_cli (&out, NULL, "run", path, NULL), ==, 0);

  /* The exported test names the module absolutely. */
  g_assert_cmpint (run_cli (&source, NULL, "export", "--c", "-", path, NULL), ==, 0);
  expected = g_strdup_printf ("\"%s\"", link);
  g_assert_nonnull (strstr (source, expected));
  g_assert_nonnull (strstr (source, "\"HbFailingApp\""));
}

static void
test_apps (void)
{
  g_autofree char *out = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *apps;
  JsonObject *failing;
  JsonArray *config;
  gboolean found_light = FALSE;

  g_assert_cmpint (run_cli (&out, NULL, "apps", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "failing-app - Failing app\n"));
  g_assert_nonnull (strstr (out, "random-app - Random app\n"));
  g_assert_nonnull (strstr (out, "  config:\n"));
  g_assert_nonnull (strstr (out, "light"));

  g_assert_cmpint (run_cli (&json, NULL, "apps", "--format=json", NULL), ==, 0);
  node = json_from_string (json, &error);
  g_assert_no_error (error);
  apps = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (apps), >=, 3);

  failing = NULL;
  for (guint i = 0; i < json_array_get_length (apps); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (apps, i),
                                                  "id"), "failing-app") == 0)
      failing = json_array_get_object_element (apps, i);
  g_assert_nonnull (failing);
  g_assert_cmpstr (json_object_get_string_member (failing, "type"), ==, "HbFailingApp");

  config = json_object_get_array_member (failing, "config");
  for (guint i = 0; i < json_array_get_length (config); i++)
    {
      JsonObject *field = json_array_get_object_element (config, i);

      if (g_strcmp0 (json_object_get_string_member (field, "name"), "light") == 0)
        found_light = TRUE;
    }
  g_assert_true (found_light);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hassbench/cli/help", test_help);
  g_test_add_func ("/hassbench/cli/usage-errors", test_usage_errors);
  g_test_add ("/hassbench/cli/run-passing", Fixture, NULL, fixture_set_up,
              test_run_passing, fixture_tear_down);
  g_test_add ("/hassbench/cli/run-failing-expectation", Fixture, NULL, fixture_set_up,
              test_run_failing_expectation, fixture_tear_down);
  g_test_add ("/hassbench/cli/run-drain-error", Fixture, NULL, fixture_set_up,
              test_run_drain_error, fixture_tear_down);
  g_test_add ("/hassbench/cli/run-crash", Fixture, NULL, fixture_set_up,
              test_run_crash, fixture_tear_down);
  g_test_add ("/hassbench/cli/run-bad-files", Fixture, NULL, fixture_set_up,
              test_run_bad_files, fixture_tear_down);
  g_test_add ("/hassbench/cli/run-parallel-order", Fixture, NULL, fixture_set_up,
              test_run_parallel_order, fixture_tear_down);
  g_test_add ("/hassbench/cli/run-json", Fixture, NULL, fixture_set_up,
              test_run_json, fixture_tear_down);
  g_test_add ("/hassbench/cli/check", Fixture, NULL, fixture_set_up,
              test_check, fixture_tear_down);
  g_test_add ("/hassbench/cli/record", Fixture, NULL, fixture_set_up,
              test_record, fixture_tear_down);
  g_test_add ("/hassbench/cli/export-scenario", Fixture, NULL, fixture_set_up,
              test_export_scenario, fixture_tear_down);
  g_test_add ("/hassbench/cli/export-c-escapes", Fixture, NULL, fixture_set_up,
              test_export_c_escapes, fixture_tear_down);
  g_test_add ("/hassbench/cli/module-relative-path", Fixture, NULL, fixture_set_up,
              test_module_relative_path, fixture_tear_down);
  g_test_add_func ("/hassbench/cli/apps", test_apps);

  return g_test_run ();
}
