/* test-e2e-installed.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue #4 end to end, with the installed programs: starts the installed `hassbench`
 * (which starts the installed hassbench-host and finds the installed example apps) with
 * the motion-lights app, drives it over D-Bus through its application actions
 * (org.gtk.Actions), fires motion on, checks that turn_on reaches the API Calls pane,
 * steps the clock until the off job fires, saves the session as a scenario and runs the
 * installed `hassbench-cli run` on it.
 *
 * build-aux/test installs, then runs this test (suite "installed"). A plain `meson test`
 * on a build that was not installed skips it and says why.
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "hb-remote-workbench.h"


typedef struct
{
  GDBusConnection *bus;
  GSubprocess     *gui;
  char            *name;     /* the workbench's unique bus name */
  char            *tmp;
  char            *dump;     /* where app.dump-panes writes */
  JsonObject      *state;    /* the last dump */
} Fixture;

static const char *prefix;
static char *bindir;
static char *libdir;

static gboolean
fail_timeout_cb (gpointer user_data)
{
  g_error ("timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

static void
activate (Fixture    *f,
          const char *action,
          const char *arg)
{
  hb_remote_activate (f->bus, f->name, action, arg != NULL ? g_variant_new_string (arg) : NULL);
}

/* Asks the workbench for what its panes show. */
static JsonObject *
dump (Fixture *f)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  activate (f, "dump-panes", f->dump);
  json_parser_load_from_file (parser, f->dump, &error);
  g_assert_no_error (error);
  g_clear_pointer (&f->state, json_object_unref);
  f->state = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  return f->state;
}

/* Polls until the session is loaded, idle and has @n_steps steps. */
static void
wait_for_steps (Fixture    *f,
                gint64      n_steps,
                const char *what)
{
  guint guard = g_timeout_add_seconds (60, fail_timeout_cb, (gpointer) what);

  for (;;)
    {
      JsonObject *state = dump (f);

      if (json_object_get_boolean_member (state, "loaded") &&
          !json_object_get_boolean_member (state, "busy") &&
          json_object_get_int_member (state, "steps") == n_steps)
        break;
      hb_remote_poll_interval ();
    }
  g_source_remove (guard);
}

static JsonArray *
pane (Fixture    *f,
      const char *name)
{
  return json_object_get_array_member (json_object_get_object_member (f->state, "panes"), name);
}

static JsonObject *
find_call (Fixture    *f,
           const char *method)
{
  JsonArray *calls = pane (f, "calls");

  for (guint i = 0; i < json_array_get_length (calls); i++)
    {
      JsonObject *call = json_array_get_object_element (calls, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (call, "method", NULL),
                     method) == 0)
        return call;
    }
  return NULL;
}

/* The unique bus name of the process @pid, once it exports the app's actions. */
static void
apply_step (Fixture    *f,
            const char *json,
            gint64      n_steps_after,
            const char *what)
{
  activate (f, "apply-step", json);
  wait_for_steps (f, n_steps_after, what);
}

/* The workbench dies with the test, so a failed assertion leaves no window behind. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
delete_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        delete_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
test_installed_workbench (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *gui = g_build_filename (bindir, "hassbench", NULL);
  g_autofree char *cli = g_build_filename (bindir, "hassbench-cli", NULL);
  g_autofree char *scenario = NULL;
  g_autofree char *out = NULL;
  Fixture fixture = { 0 };
  Fixture *f = &fixture;
  JsonObject *call;
  gint64 n_steps;

  f->tmp = g_dir_make_tmp ("hb-e2e-XXXXXX", &error);
  g_assert_no_error (error);
  f->dump = g_build_filename (f->tmp, "panes.json", NULL);
  scenario = g_build_filename (f->tmp, "e2e.hbscenario.json", NULL);
  f->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  /* Nothing of the build tree: the installed host, apps and libraries only. A fresh
   * home, so no journal of another run offers itself for restoring. */
  for (const char * const *v = (const char * const[]) { "HB_HOST_PATH", "HB_APPS_PATH",
                                                         "HB_GUI_PATH", "GSETTINGS_SCHEMA_DIR",
                                                         NULL };
       *v != NULL; v++)
    g_subprocess_launcher_unsetenv (launcher, *v);
  g_subprocess_launcher_setenv (launcher, "LD_LIBRARY_PATH", libdir, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  for (const char * const *v = (const char * const[]) { "XDG_DATA_HOME", "XDG_CONFIG_HOME",
                                                         "XDG_STATE_HOME", "XDG_CACHE_HOME",
                                                         NULL };
       *v != NULL; v++)
    {
      g_autofree char *dir = g_build_filename (f->tmp, *v, NULL);

      g_subprocess_launcher_setenv (launcher, *v, dir, TRUE);
    }

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  f->gui = g_subprocess_launcher_spawn (launcher, &error, gui, "--app", "motion-lights", NULL);
  g_assert_no_error (error);
  f->name = hb_remote_find_bus_name (f->bus, g_subprocess_get_identifier (f->gui),
                                     "dump-panes");
  g_test_message ("the installed workbench is %s on the session bus", f->name);

  /* Loaded in its example house: one seeding step, the motion sensor off. */
  wait_for_steps (f, 1, "motion-lights to load in its example house");
  g_assert_cmpuint (json_array_get_length (pane (f, "listeners")), ==, 1);
  {
    JsonArray *entities = pane (f, "entities");
    gboolean seeded = FALSE;

    for (guint i = 0; i < json_array_get_length (entities); i++)
      {
        JsonObject *row = json_array_get_object_element (entities, i);

        seeded |= g_strcmp0 (json_object_get_string_member (row, "entity_id"),
                             "binary_sensor.hallway_motion") == 0 &&
                  g_strcmp0 (json_object_get_string_member (row, "state"), "off") == 0;
      }
    g_assert_true (seeded);
  }

  apply_step (f, "{\"kind\": \"simulate_state_change\","
                 " \"entity_id\": \"binary_sensor.hallway_motion\","
                 " \"old_value\": \"off\", \"new_value\": \"on\"}", 2, "motion on");
  g_assert_true (json_node_is_null (json_object_get_member (f->state, "last_error")));

  /* The recorded turn_on reached the API Calls pane. */
  call = find_call (f, "turn_on");
  g_assert_nonnull (call);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (call, "kwargs"),
                                                  "entity_id"), ==, "light.hallway");
  g_assert_null (find_call (f, "turn_off"));

  /* Motion stops: the off job is scheduled; stepping the clock past it fires it. */
  apply_step (f, "{\"kind\": \"simulate_state_change\","
                 " \"entity_id\": \"binary_sensor.hallway_motion\","
                 " \"old_value\": \"on\", \"new_value\": \"off\"}", 3, "motion off");
  g_assert_cmpuint (json_array_get_length (pane (f, "jobs")), ==, 1);
  apply_step (f, "{\"kind\": \"step\", \"by\": \"5m\"}", 4, "the step to the off job");
  call = find_call (f, "turn_off");
  g_assert_nonnull (call);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (call, "kwargs"),
                                                  "entity_id"), ==, "light.hallway");
  g_assert_cmpuint (json_array_get_length (pane (f, "jobs")), ==, 0);

  /* Saved as a scenario, the session passes in CI's runner. */
  activate (f, "save-scenario-as", scenario);
  g_assert_true (g_file_test (scenario, G_FILE_TEST_EXISTS));
  {
    g_autoptr(GSubprocess) tap = NULL;
    g_autoptr(GSubprocessLauncher) capture = NULL;

    capture = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

    g_subprocess_launcher_setenv (capture, "LD_LIBRARY_PATH", libdir, TRUE);
    g_subprocess_launcher_unsetenv (capture, "HB_APPS_PATH");
    g_subprocess_launcher_unsetenv (capture, "HB_HOST_PATH");
    tap = g_subprocess_launcher_spawn (capture, &error, cli, "run", scenario, NULL);
    g_assert_no_error (error);
    g_subprocess_communicate_utf8 (tap, NULL, NULL, &out, NULL, &error);
    g_assert_no_error (error);
    g_test_message ("hassbench-cli run:\n%s", out);
    g_assert_true (g_subprocess_get_if_exited (tap));
    g_assert_cmpint (g_subprocess_get_exit_status (tap), ==, 0);
    g_assert_nonnull (strstr (out, "ok "));
    g_assert_null (strstr (out, "not ok"));
  }

  /* The scenario holds the four steps played, in order. */
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonArray *steps;

    json_parser_load_from_file (parser, scenario, &error);
    g_assert_no_error (error);
    steps = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                          "steps");
    n_steps = json_array_get_length (steps);
    g_assert_cmpint (n_steps, ==, 4);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (steps, 3),
                                                    "kind"), ==, "step");
  }

  /* Quit cleanly: the workbench exits on its own. */
  activate (f, "quit", NULL);
  g_subprocess_wait (f->gui, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (f->gui));
  g_assert_cmpint (g_subprocess_get_exit_status (f->gui), ==, 0);

  g_clear_pointer (&f->state, json_object_unref);
  g_clear_object (&f->gui);
  g_clear_object (&f->bus);
  g_free (f->name);
  g_free (f->dump);
  delete_tree (f->tmp);
  g_free (f->tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *gui = NULL;
  int status;

  prefix = g_getenv ("HB_INSTALLED_PREFIX");
  if (prefix == NULL)
    {
      g_print ("1..0 # SKIP HB_INSTALLED_PREFIX is not set (meson test sets it)\n");
      return 0;
    }
  bindir = g_strdup (g_getenv ("HB_INSTALLED_BINDIR"));
  libdir = g_strdup (g_getenv ("HB_INSTALLED_LIBDIR"));
  gui = g_build_filename (bindir, "hassbench", NULL);
  if (!g_file_test (gui, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_print ("1..0 # SKIP %s is not installed (build-aux/test installs and runs this "
               "suite; or meson install, then meson test --suite installed)\n", gui);
      return 0;
    }
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

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hassbench/e2e/installed-workbench", test_installed_workbench);
  status = g_test_run ();
  g_free (bindir);
  g_free (libdir);
  return status;
}
