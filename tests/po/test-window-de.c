/* test-window-de.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The workbench in German, from the catalogue built in the build tree (HB_LOCALEDIR). The
 * test environment sets LANGUAGE=de with LC_ALL=C.UTF-8: glibc ignores LANGUAGE only in the
 * "C" locale, and C.UTF-8 needs no generated locale, so this runs on a bare Debian 12.
 * Strings from C (_() and C_()), from the window's template and from the timeline widget are
 * checked, and the built hassbench binary is run to check that main() binds the catalogue.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <locale.h>

#include "hb-application.h"
#include "hb-window.h"
#include "hb-window-private.h"

static HbApplication *app;

static gboolean
fail_timeout_cb (gpointer user_data)
{
  g_error ("timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
is_idle_and_loaded (HbWindow *window)
{
  HbSession *session = hb_window_get_session (window);

  return hb_session_get_loaded (session) && !hb_session_get_busy (session);
}

static void
wait_loaded (HbWindow *window)
{
  guint guard = g_timeout_add_seconds (30, fail_timeout_cb, (gpointer) "the app to load");

  while (!gtk_widget_get_mapped (GTK_WIDGET (window)) || !is_idle_and_loaded (window))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
}

static void
test_catalogue_is_bound (void)
{
  /* Everything below would pass vacuously in English if this did not hold. */
  g_assert_cmpstr (_("_Cancel"), ==, "_Abbrechen");
  g_assert_cmpstr (C_("clock", "live"), ==, "läuft");
}

static void
test_window_in_german (void)
{
  HbWindow *window = hb_window_new (app);
  GtkWidget *timeline;
  const char *tooltip;

  g_assert_cmpstr (gtk_label_get_label (window->subtitle_label), ==, "Keine App geladen");
  /* From the template (GtkBuilder translates through the default text domain). */
  g_assert_cmpstr (gtk_menu_button_get_label (window->app_button), ==, "App öffnen");

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.load-app", "s",
                                             "motion-lights"));
  wait_loaded (window);

  /* Set from C once the session fills the models. */
  g_assert_true (g_str_has_prefix (gtk_label_get_label (window->entities_tab), "Entitäten"));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (window->listeners_tab), "Listener"));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (window->log_tab), "Protokoll"));
  g_assert_cmpstr (gtk_label_get_label (window->subtitle_label), ==, "Ungespeicherte Sitzung");
  g_assert_cmpstr (gtk_label_get_label (window->frozen_label), ==,
                   hb_session_get_clock_frozen (hb_window_get_session (window))
                   ? "steht" : "läuft");
  g_assert_true (g_str_has_prefix (gtk_widget_get_tooltip_text (GTK_WIDGET (window->clock_label)),
                                   "Die Uhr der App"));

  timeline = gtk_widget_get_first_child (GTK_WIDGET (window->timeline_box));
  g_assert_nonnull (timeline);
  tooltip = gtk_widget_get_tooltip_text (timeline);
  g_assert_nonnull (tooltip);
  g_assert_true (g_str_has_prefix (tooltip, "Ziehen, um die Uhr"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The real binary binds its catalogue in main(): --help lists the options in German. */
static void
test_binary_help_in_german (void)
{
  const char *gui = g_getenv ("HB_GUI_PATH");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  if (gui == NULL)
    {
      g_test_skip ("HB_GUI_PATH is not set");
      return;
    }
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "de", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, gui, "--help", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  g_assert_nonnull (strstr (out, "Die Version anzeigen"));
  g_assert_nonnull (strstr (out, "--app=KENNUNG"));
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("HB_LOCALEDIR");
  int ret;

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 0;
    }
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_print ("1..0 # SKIP no session bus (run under dbus-run-session)\n");
      return 0;
    }
  g_assert_nonnull (localedir);

  /* As main.c does, before GTK reads the locale (gtk_test_init would force en_US). */
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_init ();
  g_test_set_nonfatal_assertions ();

  app = hb_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/hassbench/i18n/catalogue-is-bound", test_catalogue_is_bound);
  g_test_add_func ("/hassbench/i18n/window-in-german", test_window_in_german);
  g_test_add_func ("/hassbench/i18n/binary-help-in-german", test_binary_help_in_german);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
