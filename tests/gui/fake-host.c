/* fake-host.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A stand-in for hassbench-host that speaks the protocol's framing only, for testing the
 * workbench's client: "echo" answers with its params, "observe" streams N observations
 * first, "fail" answers with an error, "crash" reports a running task and dies of SIGSEGV,
 * "hang" never answers, "exit" exits with status 3.
 */

#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void
write_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);

  fprintf (stdout, "%s\n", text);
  fflush (stdout);
}

int
main (void)
{
  char line[65536];

  while (fgets (line, sizeof line, stdin) != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(JsonObject) reply = json_object_new ();
      JsonObject *request, *params;
      const char *method;
      gint64 id;

      if (!json_parser_load_from_data (parser, line, -1, NULL))
        return 2;
      request = json_node_get_object (json_parser_get_root (parser));
      id = json_object_get_int_member (request, "id");
      method = json_object_get_string_member (request, "method");
      params = json_object_get_object_member (request, "params");

      json_object_set_int_member (reply, "id", id);

      if (strcmp (method, "echo") == 0)
        json_object_set_object_member (reply, "result",
                                       params ? json_object_ref (params) : json_object_new ());
      else if (strcmp (method, "observe") == 0)
        {
          gint64 n = json_object_get_int_member (params, "n");

          for (gint64 i = 0; i < n; i++)
            {
              g_autoptr(JsonObject) obs = json_object_new ();

              json_object_set_string_member (obs, "event", "call");
              json_object_set_int_member (obs, "index", i);
              /* Buffered: many lines reach the client in one read. */
              {
                g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), obs);
                g_autofree char *text = json_to_string (node, FALSE);
                fprintf (stdout, "%s\n", text);
              }
            }
          json_object_set_object_member (reply, "result", json_object_new ());
        }
      else if (strcmp (method, "fail") == 0)
        {
          JsonObject *err = json_object_new ();

          json_object_set_string_member (err, "domain", "hb-error-quark");
          json_object_set_int_member (err, "code", 2);
          json_object_set_string_member (err, "message", "the step was wrong");
          json_object_set_object_member (reply, "error", err);
        }
      else if (strcmp (method, "crash") == 0)
        {
          static const char crash[] =
            "{\"event\": \"crash\", \"signal\": 11, \"task\": \"handler:motion_sensor\"}\n";

          if (write (STDERR_FILENO, crash, sizeof crash - 1) < 0)
            return 4;
          raise (SIGSEGV);
        }
      else if (strcmp (method, "hang") == 0)
        {
          for (;;)
            pause ();
        }
      else if (strcmp (method, "exit") == 0)
        return 3;

      write_object (reply);
    }

  return 0;
}
