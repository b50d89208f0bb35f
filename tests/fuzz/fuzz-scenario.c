/* fuzz-scenario.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include <hassbench.h>

#include "hb-json-text-private.h"

/*
 * libFuzzer target for everything that reads scenario and step JSON. Any input must give
 * either a value or one HB_SCENARIO_ERROR naming the place (never a crash, a hang or a
 * leak), and whatever is accepted must be written back and read again unchanged.
 */

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_scenario (const char *text,
                gsize       size)
{
  g_autoptr(HbScenario) scenario = NULL;
  g_autoptr(HbScenario) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  g_autofree char *rewritten = NULL;
  gsize length;

  scenario = hb_scenario_new_from_data (text, size, "fuzz", &error);
  if (scenario == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == HB_SCENARIO_ERROR);
      g_assert_true (g_str_has_prefix (error->message, "fuzz:"));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return;
    }

  g_assert_no_error (error);
  written = hb_scenario_to_data (scenario, &length);
  again = hb_scenario_new_from_data (written, length, "written", &error);
  g_assert_no_error (error);
  g_assert_true (hb_scenario_equal (scenario, again));
  rewritten = hb_scenario_to_data (again, NULL);
  g_assert_cmpstr (written, ==, rewritten);
}

static void
check_step (const char *text)
{
  g_autoptr(HbStep) step = NULL;
  g_autoptr(HbStep) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  g_autofree char *rewritten = NULL;
  g_autofree char *description = NULL;

  step = hb_step_new_from_string (text, &error);
  if (step == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == HB_SCENARIO_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return;
    }

  written = hb_step_to_string (step);
  description = hb_step_describe (step);
  again = hb_step_new_from_string (written, &error);
  g_assert_no_error (error);
  g_assert_true (hb_step_equal (step, again));
  rewritten = hb_step_to_string (again);
  g_assert_cmpstr (written, ==, rewritten);
  g_assert_nonnull (description);
}

static void
check_outcome (const char *text)
{
  /* The library's strict reader: json-glib 1.6 itself leaks on some malformed input. */
  g_autoptr(JsonNode) node = _hb_json_text_parse (text, -1, NULL);
  g_autoptr(HbOutcome) outcome = NULL;
  g_autoptr(HbOutcome) again = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;

  outcome = hb_outcome_new_from_json (json_node_get_object (node), &error);
  if (outcome == NULL)
    {
      g_assert_nonnull (error);
      return;
    }

  json = hb_outcome_to_json (outcome);
  again = hb_outcome_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_true (hb_outcome_equal (outcome, again));
  description = hb_outcome_describe (outcome);
  g_assert_nonnull (description);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);

  check_scenario ((const char *) data, size);
  check_step (text);
  check_outcome (text);

  return 0;
}
