/* test-recent-files.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HbRecentFiles: most recent first, each path once, at most HB_RECENT_FILES_MAX, kept in
 * the workbench's settings (so every window's menu follows), and a menu whose items open
 * the path through the given action.
 */

#include "config.h"

#include "hb-recent-files.h"

static GFile *
file_for (guint n)
{
  g_autofree char *path = g_strdup_printf ("/tmp/hb-recent/s%u.hbscenario.json", n);

  return g_file_new_for_path (path);
}

static void
add (HbRecentFiles *recent,
     guint          n)
{
  g_autoptr(GFile) file = file_for (n);

  hb_recent_files_add (recent, file);
}

static char *
menu_target (GMenuModel *menu,
             guint       i)
{
  g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (menu, i, "target",
                                                                      G_VARIANT_TYPE_STRING);
  g_autofree char *action = NULL;

  g_assert_true (g_menu_model_get_item_attribute (menu, i, "action", "s", &action));
  g_assert_cmpstr (action, ==, "win.open-recent");
  g_assert_nonnull (target);
  return g_variant_dup_string (target, NULL);
}

static void
test_order_and_cap (void)
{
  g_autoptr(HbRecentFiles) recent = hb_recent_files_new (NULL, "recent-scenarios",
                                                         "win.open-recent");
  GMenuModel *menu = hb_recent_files_get_menu (recent);
  const char * const *paths;
  g_autofree char *label = NULL;
  g_autofree char *target = NULL;

  add (recent, 1);
  add (recent, 2);
  add (recent, 1);
  paths = hb_recent_files_get_paths (recent);
  g_assert_cmpuint (g_strv_length ((char **) paths), ==, 2);
  g_assert_cmpstr (paths[0], ==, "/tmp/hb-recent/s1.hbscenario.json");
  g_assert_cmpstr (paths[1], ==, "/tmp/hb-recent/s2.hbscenario.json");

  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 2);
  g_assert_true (g_menu_model_get_item_attribute (menu, 0, "label", "s", &label));
  g_assert_cmpstr (label, ==, "s1.hbscenario.json");
  target = menu_target (menu, 1);
  g_assert_cmpstr (target, ==, "/tmp/hb-recent/s2.hbscenario.json");

  for (guint n = 3; n <= 20; n++)
    add (recent, n);
  paths = hb_recent_files_get_paths (recent);
  g_assert_cmpuint (g_strv_length ((char **) paths), ==, HB_RECENT_FILES_MAX);
  g_assert_cmpstr (paths[0], ==, "/tmp/hb-recent/s20.hbscenario.json");
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, HB_RECENT_FILES_MAX);
}

static gboolean
fail_timeout_cb (gpointer data)
{
  g_error ("timed out waiting for %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

/* Two windows' lists on one settings object: adding in one shows in the other's menu, and
 * the key holds the list. */
static void
test_shared_through_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("dev.hassbench.Hassbench");
  g_autoptr(HbRecentFiles) one = hb_recent_files_new (settings, "recent-modules",
                                                      "win.open-recent");
  g_autoptr(HbRecentFiles) two = hb_recent_files_new (settings, "recent-modules",
                                                      "win.open-recent");
  g_auto(GStrv) stored = NULL;
  g_autofree char *target = NULL;
  guint guard;

  g_settings_set_strv (settings, "recent-modules", NULL);
  add (one, 7);
  guard = g_timeout_add_seconds (10, fail_timeout_cb, (gpointer) "the settings to change");
  while (g_menu_model_get_n_items (hb_recent_files_get_menu (two)) != 1)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);

  target = menu_target (hb_recent_files_get_menu (two), 0);
  g_assert_cmpstr (target, ==, "/tmp/hb-recent/s7.hbscenario.json");
  stored = g_settings_get_strv (settings, "recent-modules");
  g_assert_cmpuint (g_strv_length (stored), ==, 1);
  g_assert_cmpstr (stored[0], ==, "/tmp/hb-recent/s7.hbscenario.json");
  g_assert_cmpstr (hb_recent_files_get_paths (one)[0], ==, stored[0]);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hassbench/recent-files/order-and-cap", test_order_and_cap);
  g_test_add_func ("/hassbench/recent-files/shared-through-settings",
                   test_shared_through_settings);

  return g_test_run ();
}
