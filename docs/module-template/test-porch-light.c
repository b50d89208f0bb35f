/* test-porch-light.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "porch-light.h"

static void
test_sunset (void)
{
  g_autoptr(GDateTime) t0 = g_date_time_new_utc (2024, 6, 1, 21, 0, 0);
  g_autoptr(HbHarness) harness = hb_harness_new (PORCH_TYPE_LIGHT, NULL);
  g_autoptr(GError) error = NULL;

  hb_harness_set_start_time (harness, t0);
  hb_harness_start (harness, &error);
  g_assert_no_error (error);

  hb_harness_simulate_state_change (harness, "sun.sun", "above_horizon", "below_horizon",
                                    NULL, NULL, HB_DEFAULT_TIMEOUT, &error);
  g_assert_no_error (error);

  hb_recording_api_assert_called_exact_json (hb_harness_get_api (harness), "turn_on",
                                             "{\"entity_id\": \"light.porch\", "
                                             "\"domain\": \"light\"}", &error);
  g_assert_no_error (error);

  hb_harness_stop (harness, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/porch-light/sunset", test_sunset);

  return g_test_run ();
}
