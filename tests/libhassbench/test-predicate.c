/* test-predicate.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <hassbench.h>

#define T0 "2024-06-01T07:00:00+00:00"

/* A state as Home Assistant sends it, or JSON null for @state == NULL. */
static char *
state_json (const char *entity_id,
            const char *state,
            const char *attributes)
{
  if (state == NULL)
    return g_strdup ("null");

  return g_strdup_printf ("{\"entity_id\": \"%s\", \"state\": \"%s\", \"attributes\": %s, "
                          "\"last_changed\": \"" T0 "\", \"last_updated\": \"" T0 "\", "
                          "\"context\": {\"id\": \"c1\", \"parent_id\": null, "
                          "\"user_id\": null}}",
                          entity_id, state, attributes != NULL ? attributes : "{}");
}

static HbEvent *
state_event (const char *entity_id,
             const char *old_state,
             const char *old_attrs,
             const char *new_state,
             const char *new_attrs)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *old_json = state_json (entity_id, old_state, old_attrs);
  g_autofree char *new_json = state_json (entity_id, new_state, new_attrs);
  g_autofree char *text = g_strdup_printf ("{\"entity_id\": \"%s\", \"old_state\": %s, "
                                           "\"new_state\": %s}",
                                           entity_id, old_json, new_json);
  g_autoptr(JsonObject) data = hb_json_object_from_string (text, &error);

  g_assert_no_error (error);
  return hb_event_new (HB_TOPIC_STATE_CHANGED, data, T0, "LOCAL", NULL);
}

static HbEvent *
service_event (const char *domain,
               const char *service,
               const char *service_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) sd = hb_json_object_from_string (service_data, &error);

  g_assert_no_error (error);
  return hb_event_new_call_service (domain, service, sd, T0, NULL);
}

static HbEvent *
data_event (const char *topic,
            const char *data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = hb_json_object_from_string (data, &error);

  g_assert_no_error (error);
  return hb_event_new (topic, object, T0, "HASSETTE", NULL);
}

static gboolean
eval (HbPredicate *predicate,
      HbEvent     *event)
{
  g_autoptr(GError) error = NULL;
  gboolean result = hb_predicate_evaluate (predicate, event, &error);

  g_assert_no_error (error);
  return result;
}

static void
assert_describe (HbPredicate *predicate,
                 const char  *expected)
{
  g_autofree char *text = hb_predicate_describe (predicate);

  g_assert_cmpstr (text, ==, expected);
}

static void
assert_value (JsonNode   *node,
              const char *expected_json)
{
  g_autofree char *text = NULL;

  if (expected_json == NULL)
    {
      g_assert_null (node);
      return;
    }

  g_assert_nonnull (node);
  text = hb_json_to_string (node);
  g_assert_cmpstr (text, ==, expected_json);
}

static void
test_read_value (void)
{
  g_autoptr(HbEvent) change = state_event ("light.kitchen", "off", "{\"brightness\": 10}",
                                           "on", "{\"brightness\": 200, \"color\": null}");
  g_autoptr(HbEvent) created = state_event ("light.kitchen", NULL, NULL, "on", NULL);
  g_autoptr(HbEvent) call = service_event ("light", "turn_on",
                                           "{\"entity_id\": \"light.x\", \"brightness\": 5}");
  g_autoptr(HbEvent) status = data_event (HB_TOPIC_SERVICE_STATUS,
                                          "{\"status\": \"failed\", "
                                          "\"exception\": {\"type\": \"ConnectionError\"}, "
                                          "\"a.b\": 1}");

  assert_value (hb_event_read_value (change, HB_VALUE_STATE_NEW, NULL), "\"on\"");
  assert_value (hb_event_read_value (change, HB_VALUE_STATE_OLD, NULL), "\"off\"");
  assert_value (hb_event_read_value (change, HB_VALUE_ATTR_NEW, "brightness"), "200");
  assert_value (hb_event_read_value (change, HB_VALUE_ATTR_OLD, "brightness"), "10");
  assert_value (hb_event_read_value (change, HB_VALUE_ATTR_NEW, "color"), "null");
  assert_value (hb_event_read_value (change, HB_VALUE_ATTR_OLD, "color"), NULL);

  /* a null old state reads as MISSING, not as null */
  assert_value (hb_event_read_value (created, HB_VALUE_STATE_OLD, NULL), NULL);
  assert_value (hb_event_read_value (created, HB_VALUE_ATTR_OLD, "brightness"), NULL);
  assert_value (hb_event_read_value (created, HB_VALUE_STATE_NEW, NULL), "\"on\"");

  assert_value (hb_event_read_value (call, HB_VALUE_SERVICE_DATA, "brightness"), "5");
  assert_value (hb_event_read_value (call, HB_VALUE_SERVICE_DATA, "color"), NULL);
  assert_value (hb_event_read_value (call, HB_VALUE_DATA, "domain"), "\"light\"");
  assert_value (hb_event_read_value (call, HB_VALUE_STATE_NEW, NULL), NULL);

  assert_value (hb_event_read_value (status, HB_VALUE_DATA, "status"), "\"failed\"");
  assert_value (hb_event_read_value (status, HB_VALUE_DATA, "exception.type"),
                "\"ConnectionError\"");
  assert_value (hb_event_read_value (status, HB_VALUE_DATA, "exception.message"), NULL);
  assert_value (hb_event_read_value (status, HB_VALUE_DATA, "status.type"), NULL);
  assert_value (hb_event_read_value (status, HB_VALUE_DATA, "a.b"), "1");
  assert_value (hb_event_read_value (status, HB_VALUE_SERVICE_DATA, "status"), NULL);
}

typedef struct {
  int      calls;
  gboolean result;
  gboolean freed;
} Counter;

static gboolean
counting_func (HbEvent  *event,
               gpointer  user_data,
               GError  **error)
{
  Counter *counter = user_data;

  counter->calls++;
  return counter->result;
}

static gboolean
failing_func (HbEvent  *event,
              gpointer  user_data,
              GError  **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "sensor says %s", "boom");
  return FALSE;
}

static void
counter_freed (gpointer data)
{
  ((Counter *) data)->freed = TRUE;
}

static void
test_compose (void)
{
  g_autoptr(HbEvent) event = state_event ("light.kitchen", "off", NULL, "on", NULL);
  Counter yes = { 0, TRUE, FALSE };
  Counter no = { 0, FALSE, FALSE };
  g_autoptr(HbPredicate) all = NULL;
  g_autoptr(HbPredicate) any = NULL;
  g_autoptr(HbPredicate) empty_all = hb_predicate_all_of (NULL, NULL);
  g_autoptr(HbPredicate) empty_any = hb_predicate_any_of (NULL, NULL);
  HbPredicate *not;

  g_assert_true (eval (empty_all, event));
  g_assert_false (eval (empty_any, event));

  /* all_of stops at the first FALSE */
  all = hb_predicate_all_of (hb_predicate_new_func (counting_func, &yes, NULL, "yes"),
                             hb_predicate_new_func (counting_func, &no, NULL, "no"),
                             hb_predicate_new_func (counting_func, &yes, NULL, "yes"),
                             NULL);
  g_assert_false (eval (all, event));
  g_assert_cmpint (yes.calls, ==, 1);
  g_assert_cmpint (no.calls, ==, 1);
  assert_describe (all, "all_of(yes, no, yes)");

  /* any_of stops at the first TRUE */
  yes.calls = no.calls = 0;
  any = hb_predicate_any_of (hb_predicate_new_func (counting_func, &no, NULL, "no"),
                             hb_predicate_new_func (counting_func, &yes, NULL, "yes"),
                             hb_predicate_new_func (counting_func, &no, NULL, "no"),
                             NULL);
  g_assert_true (eval (any, event));
  g_assert_cmpint (yes.calls, ==, 1);
  g_assert_cmpint (no.calls, ==, 1);
  assert_describe (any, "any_of(no, yes, no)");

  not = hb_predicate_not (hb_predicate_new_func (counting_func, &no, counter_freed, "no"));
  g_assert_true (eval (not, event));
  assert_describe (not, "not(no)");
  /* not owns its operand and frees it with itself */
  g_assert_false (no.freed);
  hb_predicate_unref (not);
  g_assert_true (no.freed);

  not = hb_predicate_not (hb_predicate_new_func (counting_func, &yes, NULL, NULL));
  g_assert_false (eval (not, event));
  assert_describe (not, "not(custom predicate)");
  hb_predicate_unref (not);
}

static void
test_errors_propagate (void)
{
  g_autoptr(HbEvent) event = state_event ("light.kitchen", "off", NULL, "on", NULL);
  Counter yes = { 0, TRUE, FALSE };
  Counter no = { 0, FALSE, FALSE };
  HbPredicate *preds[4];
  g_autoptr(GError) error = NULL;

  preds[0] = hb_predicate_new_func (failing_func, NULL, NULL, "fails");
  preds[1] = hb_predicate_all_of (hb_predicate_new_func (counting_func, &yes, NULL, NULL),
                                  hb_predicate_new_func (failing_func, NULL, NULL, NULL),
                                  NULL);
  preds[2] = hb_predicate_any_of (hb_predicate_new_func (counting_func, &no, NULL, NULL),
                                  hb_predicate_new_func (failing_func, NULL, NULL, NULL),
                                  hb_predicate_new_func (counting_func, &yes, NULL, NULL),
                                  NULL);
  preds[3] = hb_predicate_not (hb_predicate_new_func (failing_func, NULL, NULL, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (preds); i++)
    {
      /* a failure is never turned into TRUE or FALSE: it reaches the caller */
      g_assert_false (hb_predicate_evaluate (preds[i], event, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_cmpstr (error->message, ==, "sensor says boom");
      g_clear_error (&error);
      hb_predicate_unref (preds[i]);
    }

  /* any_of did not go on past the failure */
  g_assert_cmpint (yes.calls, ==, 1);
  g_assert_cmpint (no.calls, ==, 1);
}

static void
test_value_is (void)
{
  g_autoptr(HbEvent) call = service_event ("light", "turn_on", "{\"brightness\": 120}");
  g_autoptr(HbPredicate) bright =
    hb_predicate_value_is (HB_VALUE_SERVICE_DATA, "brightness",
                           hb_condition_compare_number (HB_COMPARE_GE, 100));
  g_autoptr(HbPredicate) dim =
    hb_predicate_value_is (HB_VALUE_SERVICE_DATA, "brightness",
                           hb_condition_compare_number (HB_COMPARE_LT, 100));
  g_autoptr(HbPredicate) no_color =
    hb_predicate_value_is (HB_VALUE_SERVICE_DATA, "color", hb_condition_missing ());
  g_autoptr(HbPredicate) domain =
    hb_predicate_value_is (HB_VALUE_DATA, "domain", hb_condition_equals_string ("light"));

  g_assert_true (eval (bright, call));
  g_assert_false (eval (dim, call));
  g_assert_true (eval (no_color, call));
  g_assert_true (eval (domain, call));
  assert_describe (bright, "value_is service_data.brightness >= 100.0");
  assert_describe (domain, "value_is data.domain == 'light'");
}

static void
test_did_change (void)
{
  g_autoptr(HbEvent) changed = state_event ("sensor.t", "20", "{\"unit\": \"C\"}",
                                            "21", "{\"unit\": \"C\"}");
  g_autoptr(HbEvent) same = state_event ("sensor.t", "21", "{\"unit\": \"C\"}",
                                         "21", "{\"unit\": \"F\"}");
  g_autoptr(HbEvent) created = state_event ("sensor.t", NULL, NULL, "21", "{\"unit\": \"C\"}");
  g_autoptr(HbEvent) removed = state_event ("sensor.t", "21", NULL, NULL, NULL);
  g_autoptr(HbEvent) attr_appears = state_event ("sensor.t", "21", "{}", "21",
                                                 "{\"unit\": null}");
  g_autoptr(HbPredicate) state_changed = hb_predicate_state_did_change ();
  g_autoptr(HbPredicate) unit_changed = hb_predicate_attr_did_change ("unit");
  g_autoptr(HbPredicate) other_changed = hb_predicate_attr_did_change ("other");

  g_assert_true (eval (state_changed, changed));
  g_assert_false (eval (state_changed, same));
  g_assert_true (eval (state_changed, created));
  g_assert_true (eval (state_changed, removed));

  g_assert_false (eval (unit_changed, changed));
  g_assert_true (eval (unit_changed, same));
  g_assert_true (eval (unit_changed, created));
  /* MISSING -> null is a change; MISSING -> MISSING is not */
  g_assert_true (eval (unit_changed, attr_appears));
  g_assert_false (eval (other_changed, changed));

  assert_describe (state_changed, "state_did_change");
  assert_describe (unit_changed, "attr_did_change unit");
}

static void
test_presence (void)
{
  g_autoptr(HbEvent) event = state_event ("light.x", NULL, NULL, "on",
                                          "{\"brightness\": 100}");
  g_autoptr(HbPredicate) new_present = hb_predicate_is_present (HB_VALUE_STATE_NEW, NULL);
  g_autoptr(HbPredicate) old_present = hb_predicate_is_present (HB_VALUE_STATE_OLD, NULL);
  g_autoptr(HbPredicate) old_missing = hb_predicate_is_missing (HB_VALUE_STATE_OLD, NULL);
  g_autoptr(HbPredicate) bright_present = hb_predicate_is_present (HB_VALUE_ATTR_NEW,
                                                                   "brightness");
  g_autoptr(HbPredicate) color_missing = hb_predicate_is_missing (HB_VALUE_ATTR_NEW, "color");

  g_assert_true (eval (new_present, event));
  g_assert_false (eval (old_present, event));
  g_assert_true (eval (old_missing, event));
  g_assert_true (eval (bright_present, event));
  g_assert_true (eval (color_missing, event));

  assert_describe (old_missing, "is_missing old_state.state");
  assert_describe (bright_present, "is_present new_state.attributes.brightness");
}

static void
test_state_and_attr (void)
{
  g_autoptr(HbEvent) event = state_event ("sensor.t", "27.5", "{\"battery\": 80}",
                                          "28.5", "{\"battery\": 75}");
  g_autoptr(HbPredicate) from = hb_predicate_state_from (hb_condition_equals_string ("27.5"));
  g_autoptr(HbPredicate) from_bad = hb_predicate_state_from (hb_condition_equals_string ("28.5"));
  g_autoptr(HbPredicate) to =
    hb_predicate_state_to (hb_condition_compare_number (HB_COMPARE_GT, 28));
  g_autoptr(HbPredicate) up = hb_predicate_state_comparison (hb_condition_increased ());
  g_autoptr(HbPredicate) down = hb_predicate_state_comparison (hb_condition_decreased ());
  g_autoptr(HbPredicate) attr_from =
    hb_predicate_attr_from ("battery", hb_condition_compare_number (HB_COMPARE_GE, 80));
  g_autoptr(HbPredicate) attr_to =
    hb_predicate_attr_to ("battery", hb_condition_compare_number (HB_COMPARE_GE, 80));
  g_autoptr(HbPredicate) attr_down = hb_predicate_attr_comparison ("battery",
                                                                   hb_condition_decreased ());
  g_autoptr(HbPredicate) attr_up = hb_predicate_attr_comparison ("battery",
                                                                 hb_condition_increased ());

  g_assert_true (eval (from, event));
  g_assert_false (eval (from_bad, event));
  g_assert_true (eval (to, event));
  g_assert_true (eval (up, event));
  g_assert_false (eval (down, event));
  g_assert_true (eval (attr_from, event));
  g_assert_false (eval (attr_to, event));
  g_assert_true (eval (attr_down, event));
  g_assert_false (eval (attr_up, event));

  assert_describe (from, "state_from == '27.5'");
  assert_describe (to, "state_to > 28.0");
  assert_describe (up, "state_comparison increased");
  assert_describe (attr_from, "attr_from battery >= 80.0");
  assert_describe (attr_to, "attr_to battery >= 80.0");
  assert_describe (attr_down, "attr_comparison battery decreased");
}

static void
test_matches (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HbEvent) state = state_event ("light.kitchen", "off", NULL, "on", NULL);
  g_autoptr(HbEvent) call = service_event ("light", "turn_on",
                                           "{\"entity_id\": \"light.living_room_lamp\"}");
  g_autoptr(HbEvent) call_list = service_event ("light", "turn_on",
                                                "{\"entity_id\": [\"light.living_room_lamp\"]}");
  g_autoptr(HbPredicate) entity_glob = hb_predicate_entity_matches ("light.*", &error);
  g_autoptr(HbPredicate) entity_exact = hb_predicate_entity_matches ("light.kitchen", &error);
  g_autoptr(HbPredicate) living = hb_predicate_entity_matches ("light.living_room_*", &error);
  g_autoptr(HbPredicate) domain = hb_predicate_domain_matches ("li?ht", &error);
  g_autoptr(HbPredicate) switch_domain = hb_predicate_domain_matches ("switch", &error);
  g_autoptr(HbPredicate) service = hb_predicate_service_matches ("turn_*", &error);
  g_autoptr(HbPredicate) toggle = hb_predicate_service_matches ("toggle", &error);
  HbPredicate *bad;

  g_assert_no_error (error);

  g_assert_true (eval (entity_glob, state));
  g_assert_true (eval (entity_exact, state));
  g_assert_false (eval (living, state));
  g_assert_true (eval (living, call));
  g_assert_false (eval (entity_exact, call));
  /* a list of entity ids is not an entity id (literal matching, as the reference) */
  g_assert_false (eval (living, call_list));

  g_assert_true (eval (domain, state));
  g_assert_true (eval (domain, call));
  g_assert_false (eval (switch_domain, call));
  g_assert_true (eval (service, call));
  g_assert_false (eval (toggle, call));
  g_assert_false (eval (service, state));

  assert_describe (entity_glob, "entity_matches 'light.*'");
  assert_describe (domain, "domain_matches 'li?ht'");
  assert_describe (service, "service_matches 'turn_*'");

  bad = hb_predicate_entity_matches ("light.[kitchen", &error);
  g_assert_null (bad);
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_GLOB);
  g_assert_nonnull (strstr (error->message, "entity_matches"));
  g_assert_nonnull (strstr (error->message, "light.[kitchen"));
  g_clear_error (&error);

  bad = hb_predicate_domain_matches ("[", &error);
  g_assert_null (bad);
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_GLOB);
  g_clear_error (&error);

  bad = hb_predicate_service_matches ("turn_[on", &error);
  g_assert_null (bad);
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_GLOB);
  g_assert_nonnull (strstr (error->message, "service_matches"));
  g_clear_error (&error);
}

static void
test_service_data_where (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HbEvent) call = service_event ("light", "turn_on",
                                           "{\"entity_id\": \"light.living_room_main\", "
                                           "\"brightness\": 200, \"transition\": null}");
  g_autoptr(JsonObject) mapping = NULL;
  g_autoptr(HbPredicate) where = NULL;
  HbPredicate *bad;

  mapping = hb_json_object_from_string ("{\"entity_id\": \"light.living_room_*\", "
                                        "\"brightness\": 200.0}", &error);
  g_assert_no_error (error);

  where = hb_predicate_service_data_where (mapping, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (eval (where, call));
  assert_describe (where,
                   "service_data_where(entity_id glob 'light.living_room_*', brightness == 200.0)");
  g_clear_pointer (&where, hb_predicate_unref);

  /* without auto_glob the pattern is a literal string */
  where = hb_predicate_service_data_where (mapping, FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (eval (where, call));
  g_clear_pointer (&where, hb_predicate_unref);
  json_object_unref (g_steal_pointer (&mapping));

  /* a missing key fails; null must be present and null */
  mapping = hb_json_object_from_string ("{\"color\": \"red\"}", &error);
  g_assert_no_error (error);
  where = hb_predicate_service_data_where (mapping, TRUE, &error);
  g_assert_false (eval (where, call));
  g_clear_pointer (&where, hb_predicate_unref);
  json_object_unref (g_steal_pointer (&mapping));

  mapping = hb_json_object_from_string ("{\"transition\": null}", &error);
  where = hb_predicate_service_data_where (mapping, TRUE, &error);
  g_assert_true (eval (where, call));
  g_clear_pointer (&where, hb_predicate_unref);
  json_object_unref (g_steal_pointer (&mapping));

  /* an empty mapping holds for every call */
  mapping = json_object_new ();
  where = hb_predicate_service_data_where (mapping, TRUE, &error);
  g_assert_true (eval (where, call));
  g_clear_pointer (&where, hb_predicate_unref);
  json_object_unref (g_steal_pointer (&mapping));

  mapping = hb_json_object_from_string ("{\"entity_id\": \"light.[oops\"}", &error);
  bad = hb_predicate_service_data_where (mapping, TRUE, &error);
  g_assert_null (bad);
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_GLOB);
  g_assert_nonnull (strstr (error->message, "entity_id"));
  g_clear_error (&error);

  /* without auto_glob nothing is parsed as a glob, so nothing can be invalid */
  where = hb_predicate_service_data_where (mapping, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (where);
}

static void
test_ref_counting (void)
{
  g_autoptr(HbEvent) event = state_event ("light.x", "off", NULL, "on", NULL);
  Counter yes = { 0, TRUE, FALSE };
  Counter other = { 0, TRUE, FALSE };
  HbPredicate *shared = hb_predicate_new_func (counting_func, &yes, NULL, NULL);
  HbPredicate *a;
  HbPredicate *b;

  /* one predicate inside two compounds: each takes a reference */
  a = hb_predicate_all_of (hb_predicate_ref (shared), NULL);
  b = hb_predicate_any_of (hb_predicate_ref (shared),
                           hb_predicate_new_func (counting_func, &other, counter_freed, NULL),
                           NULL);
  hb_predicate_unref (shared);

  g_assert_true (eval (a, event));
  g_assert_true (eval (b, event));
  hb_predicate_unref (a);
  g_assert_true (eval (b, event));
  g_assert_false (other.freed);
  hb_predicate_unref (b);
  g_assert_true (other.freed);
  /* any_of stopped at the shared predicate each time */
  g_assert_cmpint (yes.calls, ==, 3);
  g_assert_cmpint (other.calls, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hassbench/predicate/read-value", test_read_value);
  g_test_add_func ("/hassbench/predicate/compose", test_compose);
  g_test_add_func ("/hassbench/predicate/errors-propagate", test_errors_propagate);
  g_test_add_func ("/hassbench/predicate/value-is", test_value_is);
  g_test_add_func ("/hassbench/predicate/did-change", test_did_change);
  g_test_add_func ("/hassbench/predicate/presence", test_presence);
  g_test_add_func ("/hassbench/predicate/state-and-attr", test_state_and_attr);
  g_test_add_func ("/hassbench/predicate/matches", test_matches);
  g_test_add_func ("/hassbench/predicate/service-data-where", test_service_data_where);
  g_test_add_func ("/hassbench/predicate/ref-counting", test_ref_counting);

  return g_test_run ();
}
