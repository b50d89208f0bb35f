/* bench-host-roundtrip.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>

/*
 * Budget (ARCHITECTURE.md §5): a host round trip of a one-handler step, from sending the
 * request to reading its response (with the observations before it), takes at most
 * 250 µs median. Measured beside a bare JSON-lines echo over the same kind of pipes in the
 * same run (this program re-run with --echo): the ratio is the host's own cost. The
 * figures are information, never a failure.
 *
 * The step is simulate_state_change on motion-lights' sensor, alternating on and off: one
 * handler each time (turning the light on, or scheduling the off job).
 */

#define N_WARMUP  200
#define N_ROUNDS  4000
#define BUDGET_US 250.0
#define MOTION    "binary_sensor.hallway_motion"

typedef struct
{
  GSubprocess *process;
  int          in_fd;    /* its stdin */
  int          out_fd;   /* its stdout */
  GString     *buf;      /* read but not consumed */
} Peer;

static double
now_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec * 1e6 + (double) ts.tv_nsec / 1e3;
}

static void
write_all (int         fd,
           const char *data,
           gsize       len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        g_error ("write to the peer failed: %s", g_strerror (errno));
      data += n;
      len -= (gsize) n;
    }
}

/* Reads one line into @line (without the newline). FALSE at the end. */
static gboolean
read_line (int      fd,
           GString *buf,
           GString *line)
{
  for (;;)
    {
      char *nl = memchr (buf->str, '\n', buf->len);
      char chunk[65536];
      ssize_t n;

      if (nl != NULL)
        {
          gsize len = (gsize) (nl - buf->str);

          g_string_truncate (line, 0);
          g_string_append_len (line, buf->str, (gssize) len);
          g_string_erase (buf, 0, (gssize) len + 1);
          return TRUE;
        }

      n = read (fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      g_string_append_len (buf, chunk, n);
    }
}

static Peer *
peer_spawn (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  Peer *peer = g_new0 (Peer, 1);

  peer->process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                           G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  if (peer->process == NULL)
    g_error ("Could not start %s: %s", argv[0], error->message);

  peer->in_fd = g_unix_output_stream_get_fd (
    G_UNIX_OUTPUT_STREAM (g_subprocess_get_stdin_pipe (peer->process)));
  peer->out_fd = g_unix_input_stream_get_fd (
    G_UNIX_INPUT_STREAM (g_subprocess_get_stdout_pipe (peer->process)));
  peer->buf = g_string_new (NULL);
  return peer;
}

static void
peer_free (Peer *peer)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_close (g_subprocess_get_stdin_pipe (peer->process), NULL, NULL);
  if (!g_subprocess_wait (peer->process, NULL, &error))
    g_printerr ("waiting for a peer: %s\n", error->message);
  g_object_unref (peer->process);
  g_string_free (peer->buf, TRUE);
  g_free (peer);
}

/* Sends @request (one line, newline included) and reads up to the line that answers it:
 * the first line starting with `{"id":`. Returns the microseconds it took. */
static double
round_trip (Peer       *peer,
            const char *request,
            GString    *line)
{
  double start = now_us ();

  write_all (peer->in_fd, request, strlen (request));
  do
    {
      if (!read_line (peer->out_fd, peer->buf, line))
        g_error ("the peer closed its output");
    }
  while (!g_str_has_prefix (line->str, "{\"id\":"));

  return now_us () - start;
}

static void
call_ok (Peer       *peer,
         const char *request,
         GString    *line)
{
  round_trip (peer, request, line);
  if (strstr (line->str, "\"error\":") != NULL && strstr (line->str, "\"result\":") == NULL)
    g_error ("request failed: %s\n  answer: %s", request, line->str);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static double
percentile (double *sorted,
            guint   n,
            double  p)
{
  return sorted[MIN ((guint) (p * n), n - 1)];
}

/* The baseline peer: copies lines from stdin to stdout, nothing else. */
static int
run_echo (void)
{
  g_autoptr(GString) buf = g_string_new (NULL);
  g_autoptr(GString) line = g_string_new (NULL);

  while (read_line (STDIN_FILENO, buf, line))
    {
      g_string_append_c (line, '\n');
      write_all (STDOUT_FILENO, line->str, line->len);
    }

  return 0;
}

static char *
apply_request (guint       id,
               const char *old_value,
               const char *new_value)
{
  return g_strdup_printf ("{\"id\": %u, \"method\": \"apply\", \"params\": {\"step\": "
                          "{\"kind\": \"simulate_state_change\", \"entity_id\": \"" MOTION "\", "
                          "\"old_value\": \"%s\", \"new_value\": \"%s\"}}}\n",
                          id, old_value, new_value);
}

int
main (int   argc,
      char *argv[])
{
  const char *host_path = g_getenv ("HB_HOST_PATH");
  g_autofree double *echo_us = g_new (double, N_ROUNDS);
  g_autofree double *host_us = g_new (double, N_ROUNDS);
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *self_path = NULL;
  Peer *peer;
  guint id = 1;
  double echo_median, host_median, ratio;
  gsize request_bytes = 0, answer_bytes = 0;

  if (argc > 1 && g_str_equal (argv[1], "--echo"))
    return run_echo ();

  if (host_path == NULL)
    {
      g_printerr ("Set HB_HOST_PATH to the hassbench-host binary (and HB_APPS_PATH to the "
                  "directory of the example apps module)\n");
      return 1;
    }

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path == NULL)
    self_path = g_strdup (argv[0]);

  /* Baseline: the same requests through a bare echo. */
  {
    const char *echo_argv[] = { self_path, "--echo", NULL };

    peer = peer_spawn (echo_argv);
    for (guint i = 0; i < N_WARMUP + N_ROUNDS; i++)
      {
        g_autofree char *request = apply_request (i + 1, i % 2 ? "on" : "off",
                                                  i % 2 ? "off" : "on");
        double us = round_trip (peer, request, line);

        if (i >= N_WARMUP)
          echo_us[i - N_WARMUP] = us;
      }
    peer_free (peer);
  }

  /* The host with motion-lights. */
  {
    const char *host_argv[] = { host_path, NULL };
    g_autofree char *load = NULL;
    g_autofree char *seed = NULL;

    peer = peer_spawn (host_argv);
    load = g_strdup_printf ("{\"id\": %u, \"method\": \"load\", \"params\": {\"app\": "
                            "{\"id\": \"motion-lights\"}, \"harness\": {\"start_time\": "
                            "\"2024-06-01T07:00:00+00:00\"}}}\n", id++);
    call_ok (peer, load, line);
    {
      g_autofree char *start = g_strdup_printf ("{\"id\": %u, \"method\": \"start\"}\n", id++);

      call_ok (peer, start, line);
    }
    seed = g_strdup_printf ("{\"id\": %u, \"method\": \"apply\", \"params\": {\"step\": "
                            "{\"kind\": \"set_state\", \"entity_id\": \"" MOTION "\", "
                            "\"state\": \"off\"}}}\n", id++);
    call_ok (peer, seed, line);

    for (guint i = 0; i < N_WARMUP + N_ROUNDS; i++)
      {
        g_autofree char *request = apply_request (id++, i % 2 ? "on" : "off",
                                                  i % 2 ? "off" : "on");
        double us = round_trip (peer, request, line);

        if (strstr (line->str, "\"ok\":true") == NULL)
          g_error ("step %u did not hold: %s", i, line->str);
        if (i >= N_WARMUP)
          host_us[i - N_WARMUP] = us;
        if (i == N_WARMUP)
          {
            request_bytes = strlen (request);
            answer_bytes = line->len + 1;
          }
      }

    {
      g_autofree char *quit = g_strdup_printf ("{\"id\": %u, \"method\": \"quit\"}\n", id++);

      call_ok (peer, quit, line);
    }
    peer_free (peer);
  }

  echo_median = median (echo_us, N_ROUNDS);
  host_median = median (host_us, N_ROUNDS);
  ratio = host_median / echo_median;

  printf ("host round trip: apply simulate_state_change (one handler), %u rounds after %u "
          "warm-up\n", N_ROUNDS, N_WARMUP);
  printf ("  request %" G_GSIZE_FORMAT " bytes, response line %" G_GSIZE_FORMAT " bytes "
          "(plus its observations)\n", request_bytes, answer_bytes);
  printf ("  bare JSON-lines echo: median %7.1f us  p90 %7.1f us  p99 %7.1f us\n",
          echo_median, percentile (echo_us, N_ROUNDS, 0.9), percentile (echo_us, N_ROUNDS, 0.99));
  printf ("  hassbench-host:       median %7.1f us  p90 %7.1f us  p99 %7.1f us\n",
          host_median, percentile (host_us, N_ROUNDS, 0.9), percentile (host_us, N_ROUNDS, 0.99));
  printf ("  ratio host / echo: %.1f\n", ratio);
  printf ("  budget: median <= %.0f us: %s\n", BUDGET_US,
          host_median <= BUDGET_US ? "PASS" : "OVER");

  return 0;
}
