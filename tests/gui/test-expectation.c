/* test-expectation.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The row -> expectation builder of "Add Assertion", recording mode and Finish: every row
 * kind and flavour, where the step goes, and rows that cannot become an expectation.
 */

#include "config.h"

#include <hassbench.h>

#include "hb-expectation.h"

static JsonObject *
object (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonObject *result = hb_json_object_from_string (json, &error);

  g_assert_no_error (error);
  return result;
}

static JsonArray *
array (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = hb_json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_array_ref (json_node_get_array (node));
}

/* @step equals the JSON @expected (member order included: the canonical one). */
static void
assert_step (JsonObject *step,
             const char *expected)
{
  g_autofree char *text = NULL;

  g_assert_nonnull (step);
  text = hb_json_object_to_string (step);
  {
    g_autoptr(JsonObject) want = object (expected);
    g_autofree char *want_text = hb_json_object_to_string (want);

    g_assert_cmpstr (text, ==, want_text);
  }
}

static const char *call_row =
  "{\"index\": 0, \"method\": \"turn_on\","
  " \"kwargs\": {\"entity_id\": \"light.hallway\", \"domain\": \"light\"},"
  " \"time\": \"2024-06-01T07:00:00+00:00\", \"step\": 1}";

static void
test_call_flavours (void)
{
  g_autoptr(JsonObject) row = object (call_row);
  g_autoptr(JsonArray) calls = array (
    "[{\"index\": 0, \"method\": \"turn_on\", \"kwargs\": {}, \"step\": 0},"
    " {\"index\": 1, \"method\": \"turn_off\", \"kwargs\": {}, \"step\": 0},"
    " {\"index\": 2, \"method\": \"turn_on\", \"kwargs\": {}, \"step\": 1},"
    " {\"index\": 3, \"method\": \"turn_on\", \"kwargs\": {}, \"step\": 4}]");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) partial = NULL;
  g_autoptr(JsonObject) exact = NULL;
  g_autoptr(JsonObject) not_called = NULL;
  g_autoptr(JsonObject) count = NULL;
  g_autoptr(JsonObject) alone = NULL;

  partial = hb_expectation_build (HB_EXPECTATION_SOURCE_CALL, row,
                                  HB_EXPECTATION_FLAVOUR_PARTIAL, NULL, &error);
  g_assert_no_error (error);
  assert_step (partial, "{\"kind\": \"expect_called\", \"method\": \"turn_on\","
                        " \"kwargs\": {\"entity_id\": \"light.hallway\", \"domain\": \"light\"}}");

  exact = hb_expectation_build (HB_EXPECTATION_SOURCE_CALL, row,
                                HB_EXPECTATION_FLAVOUR_EXACT, NULL, &error);
  g_assert_no_error (error);
  assert_step (exact, "{\"kind\": \"expect_called_exact\", \"method\": \"turn_on\","
                      " \"kwargs\": {\"entity_id\": \"light.hallway\", \"domain\": \"light\"}}");

  not_called = hb_expectation_build (HB_EXPECTATION_SOURCE_CALL, row,
                                     HB_EXPECTATION_FLAVOUR_NOT_CALLED, NULL, &error);
  g_assert_no_error (error);
  assert_step (not_called, "{\"kind\": \"expect_not_called\", \"method\": \"turn_on\","
                           " \"kwargs\": {\"entity_id\": \"light.hallway\","
                           " \"domain\": \"light\"}}");

  /* Counted up to the row's step (1): two turn_on calls, not the later one of step 4. */
  count = hb_expectation_build (HB_EXPECTATION_SOURCE_CALL, row,
                                HB_EXPECTATION_FLAVOUR_CALL_COUNT, calls, &error);
  g_assert_no_error (error);
  assert_step (count, "{\"kind\": \"expect_call_count\", \"method\": \"turn_on\", \"count\": 2}");

  alone = hb_expectation_build (HB_EXPECTATION_SOURCE_CALL, row,
                                HB_EXPECTATION_FLAVOUR_CALL_COUNT, NULL, &error);
  g_assert_no_error (error);
  assert_step (alone, "{\"kind\": \"expect_call_count\", \"method\": \"turn_on\", \"count\": 1}");

  /* A call without kwargs: partial leaves them out, exact expects none. */
  {
    g_autoptr(JsonObject) bare = object ("{\"method\": \"notify\", \"step\": 0}");
    g_autoptr(JsonObject) p = hb_expectation_build (HB_EXPECTATION_SOURCE_CALL, bare,
                                                    HB_EXPECTATION_FLAVOUR_PARTIAL, NULL,
                                                    &error);
    g_autoptr(JsonObject) e = NULL;

    g_assert_no_error (error);
    assert_step (p, "{\"kind\": \"expect_called\", \"method\": \"notify\"}");
    e = hb_expectation_build (HB_EXPECTATION_SOURCE_CALL, bare, HB_EXPECTATION_FLAVOUR_EXACT,
                              NULL, &error);
    g_assert_no_error (error);
    assert_step (e, "{\"kind\": \"expect_called_exact\", \"method\": \"notify\","
                    " \"kwargs\": {}}");
  }
}

static void
test_entity (void)
{
  g_autoptr(JsonObject) row = object (
    "{\"entity_id\": \"light.hallway\", \"state\": \"on\","
    " \"attributes\": {\"brightness\": 200}, \"last_changed\": \"2024-06-01T07:00:00+00:00\"}");
  g_autoptr(JsonObject) bare = object ("{\"entity_id\": \"sensor.t\", \"state\": \"21\","
                                       " \"attributes\": {}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) step = NULL;
  g_autoptr(JsonObject) bare_step = NULL;

  step = hb_expectation_build (HB_EXPECTATION_SOURCE_ENTITY, row,
                               HB_EXPECTATION_FLAVOUR_PARTIAL, NULL, &error);
  g_assert_no_error (error);
  assert_step (step, "{\"kind\": \"expect_state\", \"entity_id\": \"light.hallway\","
                     " \"state\": \"on\", \"attributes\": {\"brightness\": 200}}");

  bare_step = hb_expectation_build (HB_EXPECTATION_SOURCE_ENTITY, bare,
                                    HB_EXPECTATION_FLAVOUR_PARTIAL, NULL, &error);
  g_assert_no_error (error);
  assert_step (bare_step, "{\"kind\": \"expect_state\", \"entity_id\": \"sensor.t\","
                          " \"state\": \"21\"}");

  /* Entities are the present: the expectation goes at the end. */
  g_assert_cmpuint (hb_expectation_position (HB_EXPECTATION_SOURCE_ENTITY, row, 5), ==, 5);
}

static void
test_job (void)
{
  g_autoptr(JsonObject) row = object ("{\"name\": \"motion_lights_off\", \"group\": null,"
                                      " \"next_run\": \"2024-06-01T07:05:00+00:00\"}");
  g_autoptr(JsonArray) jobs = array ("[{\"name\": \"daily\"}, {\"name\": \"motion_lights_off\"}]");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) alone = NULL;
  g_autoptr(JsonObject) all = NULL;

  alone = hb_expectation_build (HB_EXPECTATION_SOURCE_JOB, row, HB_EXPECTATION_FLAVOUR_PARTIAL,
                                NULL, &error);
  g_assert_no_error (error);
  assert_step (alone, "{\"kind\": \"expect_jobs\", \"count\": 1,"
                      " \"names\": [\"motion_lights_off\"]}");

  /* expect_jobs compares the whole set: every scheduled job is named. */
  all = hb_expectation_build (HB_EXPECTATION_SOURCE_JOB, row, HB_EXPECTATION_FLAVOUR_PARTIAL,
                              jobs, &error);
  g_assert_no_error (error);
  assert_step (all, "{\"kind\": \"expect_jobs\", \"count\": 2,"
                    " \"names\": [\"daily\", \"motion_lights_off\"]}");
  g_assert_cmpuint (hb_expectation_position (HB_EXPECTATION_SOURCE_JOB, row, 3), ==, 3);
}

static void
test_error (void)
{
  g_autoptr(JsonObject) row = object ("{\"task\": \"handler:motion_sensor\","
                                      " \"message\": \"boom\", \"step\": 2}");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) step = NULL;

  step = hb_expectation_build (HB_EXPECTATION_SOURCE_ERROR, row, HB_EXPECTATION_FLAVOUR_PARTIAL,
                               NULL, &error);
  g_assert_no_error (error);
  assert_step (step, "{\"kind\": \"expect_drain_error\", \"code\": \"task_failed\","
                     " \"task\": \"handler:motion_sensor\", \"message\": \"boom\"}");

  /* Right after the failing step, so that it judges the failure. */
  g_assert_cmpuint (hb_expectation_position (HB_EXPECTATION_SOURCE_ERROR, row, 6), ==, 3);
  g_assert_cmpuint (hb_expectation_position (HB_EXPECTATION_SOURCE_ERROR, row, 3), ==, 3);
}

static void
test_step_row (void)
{
  g_autoptr(JsonObject) row = object ("{\"index\": 1, \"step\": {\"kind\": \"next_job\"},"
                                      " \"outcome\": {\"kind\": \"next_job\", \"ok\": true,"
                                      " \"jobs_fired\": 1}, \"status\": \"ok\"}");
  g_autoptr(JsonObject) drain = object ("{\"index\": 0, \"step\": {\"kind\": \"drain\"},"
                                        " \"outcome\": {\"kind\": \"drain\", \"ok\": true}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) step = NULL;

  step = hb_expectation_build (HB_EXPECTATION_SOURCE_STEP, row, HB_EXPECTATION_FLAVOUR_PARTIAL,
                               NULL, &error);
  g_assert_no_error (error);
  assert_step (step, "{\"kind\": \"expect_trigger_count\", \"count\": 1}");
  g_assert_cmpuint (hb_expectation_position (HB_EXPECTATION_SOURCE_STEP, row, 4), ==, 2);

  g_assert_null (hb_expectation_build (HB_EXPECTATION_SOURCE_STEP, drain,
                                       HB_EXPECTATION_FLAVOUR_PARTIAL, NULL, &error));
  g_assert_error (error, HB_SCENARIO_ERROR, HB_SCENARIO_ERROR_MISSING_FIELD);
  g_assert_nonnull (strstr (error->message, "jobs_fired"));
}

static void
test_position (void)
{
  g_autoptr(JsonObject) at_start = object ("{\"method\": \"turn_on\", \"step\": -1}");
  g_autoptr(JsonObject) no_step = object ("{\"method\": \"turn_on\"}");
  g_autoptr(JsonObject) last = object ("{\"method\": \"turn_on\", \"step\": 4}");

  /* A call made while the app started goes before every step. */
  g_assert_cmpuint (hb_expectation_position (HB_EXPECTATION_SOURCE_CALL, at_start, 5), ==, 0);
  g_assert_cmpuint (hb_expectation_position (HB_EXPECTATION_SOURCE_CALL, no_step, 5), ==, 5);
  /* The last step's row: appended (the window applies instead of re-running). */
  g_assert_cmpuint (hb_expectation_position (HB_EXPECTATION_SOURCE_CALL, last, 5), ==, 5);
}

static void
test_bad_rows (void)
{
  static const struct {
    HbExpectationSource  source;
    HbExpectationFlavour flavour;
    const char          *row;
    int                  code;
    const char          *needle;
  } cases[] = {
    { HB_EXPECTATION_SOURCE_CALL, HB_EXPECTATION_FLAVOUR_PARTIAL, "{\"kwargs\": {}}",
      HB_SCENARIO_ERROR_MISSING_FIELD, "API call row: missing field 'method'" },
    { HB_EXPECTATION_SOURCE_CALL, HB_EXPECTATION_FLAVOUR_EXACT, "{\"method\": 3}",
      HB_SCENARIO_ERROR_WRONG_TYPE, "API call row: field 'method' is not a string" },
    { HB_EXPECTATION_SOURCE_CALL, HB_EXPECTATION_FLAVOUR_PARTIAL,
      "{\"method\": \"turn_on\", \"kwargs\": [1]}",
      HB_SCENARIO_ERROR_WRONG_TYPE, "field 'kwargs' is not an object" },
    { HB_EXPECTATION_SOURCE_ENTITY, HB_EXPECTATION_FLAVOUR_PARTIAL, "{\"state\": \"on\"}",
      HB_SCENARIO_ERROR_MISSING_FIELD, "entity row: missing field 'entity_id'" },
    { HB_EXPECTATION_SOURCE_ENTITY, HB_EXPECTATION_FLAVOUR_PARTIAL,
      "{\"entity_id\": \"light.x\"}",
      HB_SCENARIO_ERROR_MISSING_FIELD, "entity row: missing field 'state'" },
    /* The library's parser checks what the row says, and its error names the field. */
    { HB_EXPECTATION_SOURCE_ENTITY, HB_EXPECTATION_FLAVOUR_PARTIAL,
      "{\"entity_id\": \"Not An Entity\", \"state\": \"on\"}",
      -1, "entity_id" },
    { HB_EXPECTATION_SOURCE_JOB, HB_EXPECTATION_FLAVOUR_PARTIAL, "{\"group\": \"x\"}",
      HB_SCENARIO_ERROR_MISSING_FIELD, "job row: missing field 'name'" },
    { HB_EXPECTATION_SOURCE_ERROR, HB_EXPECTATION_FLAVOUR_PARTIAL, "{\"message\": \"boom\"}",
      HB_SCENARIO_ERROR_MISSING_FIELD, "error row: missing field 'task'" },
    { HB_EXPECTATION_SOURCE_ERROR, HB_EXPECTATION_FLAVOUR_PARTIAL, "{\"task\": \"t\"}",
      HB_SCENARIO_ERROR_MISSING_FIELD, "error row: missing field 'message'" },
    { HB_EXPECTATION_SOURCE_STEP, HB_EXPECTATION_FLAVOUR_PARTIAL, "{\"index\": 0}",
      HB_SCENARIO_ERROR_MISSING_FIELD, "step row: missing field 'outcome'" },
    /* Exact, not-called and count are for calls only. */
    { HB_EXPECTATION_SOURCE_ENTITY, HB_EXPECTATION_FLAVOUR_EXACT,
      "{\"entity_id\": \"light.x\", \"state\": \"on\"}",
      HB_SCENARIO_ERROR_INVALID_VALUE, "for API calls only" },
    { HB_EXPECTATION_SOURCE_JOB, HB_EXPECTATION_FLAVOUR_CALL_COUNT, "{\"name\": \"j\"}",
      HB_SCENARIO_ERROR_INVALID_VALUE, "for API calls only" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) row = object (cases[i].row);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) step = hb_expectation_build (cases[i].source, row, cases[i].flavour,
                                                         NULL, &error);

      g_test_message ("case %u: %s", i, cases[i].row);
      g_assert_null (step);
      g_assert_nonnull (error);
      g_assert_true (error->domain == HB_SCENARIO_ERROR);
      if (cases[i].code >= 0)
        g_assert_cmpint (error->code, ==, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].needle));
    }

  /* No row at all. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (hb_expectation_build (HB_EXPECTATION_SOURCE_CALL, NULL,
                                         HB_EXPECTATION_FLAVOUR_PARTIAL, NULL, &error));
    g_assert_error (error, HB_SCENARIO_ERROR, HB_SCENARIO_ERROR_MISSING_FIELD);
  }
}

static void
test_flavours_on_offer (void)
{
  HbExpectationSource source;

  for (int f = 0; f < HB_EXPECTATION_N_FLAVOURS; f++)
    {
      g_assert_true (hb_expectation_flavour_supported (HB_EXPECTATION_SOURCE_CALL, f));
      g_assert_cmpstr (hb_expectation_flavour_label (f), !=, "");
    }
  g_assert_true (hb_expectation_flavour_supported (HB_EXPECTATION_SOURCE_ERROR,
                                                   HB_EXPECTATION_FLAVOUR_PARTIAL));
  g_assert_false (hb_expectation_flavour_supported (HB_EXPECTATION_SOURCE_ERROR,
                                                    HB_EXPECTATION_FLAVOUR_NOT_CALLED));

  g_assert_true (hb_expectation_source_from_name ("calls", &source));
  g_assert_cmpint (source, ==, HB_EXPECTATION_SOURCE_CALL);
  g_assert_true (hb_expectation_source_from_name ("errors", &source));
  g_assert_cmpint (source, ==, HB_EXPECTATION_SOURCE_ERROR);
  g_assert_false (hb_expectation_source_from_name ("log", &source));
}

static void
test_record_calls (void)
{
  g_autoptr(JsonObject) outcome = object (
    "{\"kind\": \"simulate_state_change\", \"ok\": true,"
    " \"calls\": ["
    "   {\"index\": 0, \"method\": \"turn_on\", \"kwargs\": {\"entity_id\": \"light.a\"}},"
    "   {\"index\": 1, \"method\": \"turn_on\", \"kwargs\": {\"entity_id\": \"light.a\"}},"
    "   {\"index\": 2, \"method\": \"notify\", \"kwargs\": {\"message\": \"hi\"}}]}");
  g_autoptr(JsonObject) expectation = object (
    "{\"kind\": \"expect_called\", \"ok\": true,"
    " \"calls\": [{\"index\": 0, \"method\": \"turn_on\", \"kwargs\": {}}]}");
  g_autoptr(JsonObject) quiet = object ("{\"kind\": \"drain\", \"ok\": true}");
  g_autoptr(GPtrArray) steps = hb_expectation_record_calls (outcome);
  g_autoptr(GPtrArray) none = hb_expectation_record_calls (expectation);
  g_autoptr(GPtrArray) nothing = hb_expectation_record_calls (quiet);

  /* The same call twice gives one expectation. */
  g_assert_cmpuint (steps->len, ==, 2);
  assert_step (g_ptr_array_index (steps, 0),
               "{\"kind\": \"expect_called\", \"method\": \"turn_on\","
               " \"kwargs\": {\"entity_id\": \"light.a\"}}");
  assert_step (g_ptr_array_index (steps, 1),
               "{\"kind\": \"expect_called\", \"method\": \"notify\","
               " \"kwargs\": {\"message\": \"hi\"}}");
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (nothing->len, ==, 0);
}

static void
test_jobs_after_finish (void)
{
  const char *names[] = { "motion_lights_off", NULL };
  g_autoptr(JsonObject) some = hb_expectation_jobs (names);
  g_autoptr(JsonObject) none = hb_expectation_jobs (NULL);
  g_autoptr(HbStep) parsed = NULL;
  g_autoptr(GError) error = NULL;

  assert_step (some, "{\"kind\": \"expect_jobs\", \"count\": 1,"
                     " \"names\": [\"motion_lights_off\"]}");
  assert_step (none, "{\"kind\": \"expect_jobs\", \"count\": 0}");
  parsed = hb_step_new_from_object (some, &error);
  g_assert_no_error (error);
  g_assert_nonnull (parsed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hassbench/expectation/call-flavours", test_call_flavours);
  g_test_add_func ("/hassbench/expectation/entity", test_entity);
  g_test_add_func ("/hassbench/expectation/job", test_job);
  g_test_add_func ("/hassbench/expectation/error", test_error);
  g_test_add_func ("/hassbench/expectation/step-row", test_step_row);
  g_test_add_func ("/hassbench/expectation/position", test_position);
  g_test_add_func ("/hassbench/expectation/bad-rows", test_bad_rows);
  g_test_add_func ("/hassbench/expectation/flavours-on-offer", test_flavours_on_offer);
  g_test_add_func ("/hassbench/expectation/record-calls", test_record_calls);
  g_test_add_func ("/hassbench/expectation/jobs-after-finish", test_jobs_after_finish);

  return g_test_run ();
}
