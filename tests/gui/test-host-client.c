/* test-host-client.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>

#include "hb-host-client.h"

typedef struct
{
  HbHostClient *client;
  JsonObject   *result;
  GError       *error;
  gboolean      done;
  gboolean      exited;
  guint         n_batches;
  guint         n_observations;
  guint         max_batch;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "fake-host", NULL);
  const char *argv[] = { path, NULL };
  g_autoptr(GError) error = NULL;

  f->client = hb_host_client_new (argv);
  g_assert_true (hb_host_client_spawn (f->client, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  hb_host_client_terminate (f->client);
  g_clear_object (&f->client);
  g_clear_pointer (&f->result, json_object_unref);
  g_clear_error (&f->error);
}

static void
call_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *f = user_data;

  f->result = hb_host_client_call_finish (HB_HOST_CLIENT (object), result, &f->error);
  f->done = TRUE;
}

static gboolean
fail_timeout_cb (gpointer user_data)
{
  g_error ("the test timed out waiting for the host");
  return G_SOURCE_REMOVE;
}

/* Iterates until *flag is set; a stuck test fails instead of hanging. */
static void
wait_for (gboolean *flag)
{
  guint guard = g_timeout_add_seconds (20, fail_timeout_cb, NULL);

  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
}

static void
call (Fixture    *f,
      const char *method,
      JsonObject *params,
      double      deadline)
{
  f->done = FALSE;
  g_clear_pointer (&f->result, json_object_unref);
  g_clear_error (&f->error);
  hb_host_client_call_async (f->client, method, params, deadline, NULL, call_cb, f);
  wait_for (&f->done);
}

static void
exited_cb (HbHostClient *client,
           Fixture      *f)
{
  f->exited = TRUE;
}

static void
observations_cb (HbHostClient *client,
                 GPtrArray    *batch,
                 Fixture      *f)
{
  for (guint i = 0; i < batch->len; i++)
    g_assert_cmpint (json_object_get_int_member (g_ptr_array_index (batch, i), "index"), ==,
                     f->n_observations + i);
  f->n_batches++;
  f->n_observations += batch->len;
  f->max_batch = MAX (f->max_batch, batch->len);
}

static void
test_echo (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(JsonObject) params = json_object_new ();

  json_object_set_string_member (params, "text", "quote \" and ünïcode\nnewline");
  call (f, "echo", params, 10);

  g_assert_no_error (f->error);
  g_assert_cmpstr (json_object_get_string_member (f->result, "text"), ==,
                   "quote \" and ünïcode\nnewline");
}

static void
test_remote_error (Fixture       *f,
                   gconstpointer  data)
{
  call (f, "fail", NULL, 10);

  g_assert_error (f->error, HB_HOST_ERROR, HB_HOST_ERROR_REMOTE);
  g_assert_true (strstr (f->error->message, "the step was wrong") != NULL);
  g_assert_true (hb_host_client_get_running (f->client));
}

static void
test_observations_batched (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(JsonObject) params = json_object_new ();

  g_signal_connect (f->client, "observations", G_CALLBACK (observations_cb), f);
  json_object_set_int_member (params, "n", 20000);
  call (f, "observe", params, 20);

  g_assert_no_error (f->error);
  g_assert_cmpuint (f->n_observations, ==, 20000);
  /* Batches follow the reads, not the lines. */
  g_assert_cmpuint (f->n_batches, <, 2000);
}

/* A host that writes faster than lines are read: the window gets its turn between
 * slices of one read (a slice of nothing still reads 15 lines), and nothing is lost or
 * reordered (observations_cb checks the order). */
static void
test_observations_sliced (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(JsonObject) params = json_object_new ();

  hb_host_client_set_slice (f->client, 0);
  g_signal_connect (f->client, "observations", G_CALLBACK (observations_cb), f);
  json_object_set_int_member (params, "n", 3000);
  call (f, "observe", params, 20);

  g_assert_no_error (f->error);
  g_assert_cmpuint (f->n_observations, ==, 3000);
  g_assert_cmpuint (f->max_batch, <=, 15);
  g_assert_cmpuint (f->n_batches, >=, 3000 / 15);
}

static void
test_crash (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *why = NULL;

  g_signal_connect (f->client, "exited", G_CALLBACK (exited_cb), f);
  call (f, "crash", NULL, 10);

  g_assert_error (f->error, HB_HOST_ERROR, HB_HOST_ERROR_DIED);
  wait_for (&f->exited);
  g_assert_false (hb_host_client_get_running (f->client));
  g_assert_cmpint (hb_host_client_get_exit_signal (f->client), ==, SIGSEGV);
  g_assert_cmpstr (hb_host_client_get_crash_task (f->client), ==, "handler:motion_sensor");
  why = hb_host_client_describe_exit (f->client);
  g_assert_true (strstr (why, "signal 11") != NULL);
  g_assert_true (strstr (why, "handler:motion_sensor") != NULL);
  g_assert_true (strstr (why, "'crash'") != NULL);
  g_assert_true (strstr (f->error->message, "handler:motion_sensor") != NULL);

  /* Calls after death fail at once. */
  call (f, "echo", NULL, 10);
  g_assert_error (f->error, HB_HOST_ERROR, HB_HOST_ERROR_DIED);
}

static void
test_hang (Fixture       *f,
           gconstpointer  data)
{
  g_signal_connect (f->client, "exited", G_CALLBACK (exited_cb), f);
  call (f, "hang", NULL, 0.2);

  g_assert_error (f->error, HB_HOST_ERROR, HB_HOST_ERROR_HUNG);
  g_assert_true (strstr (f->error->message, "'hang'") != NULL);
  wait_for (&f->exited);
  g_assert_cmpint (hb_host_client_get_exit_signal (f->client), ==, SIGKILL);
}

static void
test_exit_status (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *why = NULL;

  g_signal_connect (f->client, "exited", G_CALLBACK (exited_cb), f);
  call (f, "exit", NULL, 10);

  g_assert_error (f->error, HB_HOST_ERROR, HB_HOST_ERROR_DIED);
  wait_for (&f->exited);
  g_assert_cmpint (hb_host_client_get_exit_signal (f->client), ==, 0);
  g_assert_cmpint (hb_host_client_get_exit_status (f->client), ==, 3);
  why = hb_host_client_describe_exit (f->client);
  g_assert_true (strstr (why, "exited with status 3") != NULL);
}

static void
test_spawn_missing (void)
{
  const char *argv[] = { "/nonexistent/hassbench-host", NULL };
  g_autoptr(HbHostClient) client = hb_host_client_new (argv);
  g_autoptr(GError) error = NULL;

  g_assert_false (hb_host_client_spawn (client, &error));
  g_assert_nonnull (error);
  g_assert_true (strstr (error->message, "/nonexistent/hassbench-host") != NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/hassbench/host-client/echo", Fixture, NULL,
              fixture_setup, test_echo, fixture_teardown);
  g_test_add ("/hassbench/host-client/remote-error", Fixture, NULL,
              fixture_setup, test_remote_error, fixture_teardown);
  g_test_add ("/hassbench/host-client/observations-batched", Fixture, NULL,
              fixture_setup, test_observations_batched, fixture_teardown);
  g_test_add ("/hassbench/host-client/observations-sliced", Fixture, NULL,
              fixture_setup, test_observations_sliced, fixture_teardown);
  g_test_add ("/hassbench/host-client/crash", Fixture, NULL,
              fixture_setup, test_crash, fixture_teardown);
  g_test_add ("/hassbench/host-client/hang", Fixture, NULL,
              fixture_setup, test_hang, fixture_teardown);
  g_test_add ("/hassbench/host-client/exit-status", Fixture, NULL,
              fixture_setup, test_exit_status, fixture_teardown);
  g_test_add_func ("/hassbench/host-client/spawn-missing", test_spawn_missing);

  return g_test_run ();
}
