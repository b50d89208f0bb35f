/* hb-cli-check.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "hb-cli.h"

/*
 * `check FILE`: replays a scenario twice, each time in a fresh process, and compares
 * what every step did. Replay (the workbench's scrub back, a CI rerun) is only sound when
 * the same steps always do the same; the first step whose outcome differs is named.
 */

static char *
to_text (JsonNode *node)
{
  if (node == NULL)
    return g_strdup ("(missing)");

  return hb_json_to_string (node);
}

/* The JSON path of the first place @a and @b differ, and both values there. */
static gboolean
first_difference (JsonNode  *a,
                  JsonNode  *b,
                  GString   *path,
                  char     **value_a,
                  char     **value_b)
{
  if (a != NULL && b != NULL && hb_json_equal (a, b))
    return FALSE;

  if (a != NULL && b != NULL && JSON_NODE_HOLDS_OBJECT (a) && JSON_NODE_HOLDS_OBJECT (b))
    {
      JsonObject *oa = json_node_get_object (a);
      JsonObject *ob = json_node_get_object (b);
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;
      gsize len = path->len;

      json_object_iter_init_ordered (&iter, oa);
      while (json_object_iter_next_ordered (&iter, &name, &member))
        {
          g_string_append_printf (path, ".%s", name);
          if (first_difference (member, json_object_get_member (ob, name), path, value_a,
                                value_b))
            return TRUE;
          g_string_truncate (path, len);
        }

      json_object_iter_init_ordered (&iter, ob);
      while (json_object_iter_next_ordered (&iter, &name, &member))
        {
          if (json_object_has_member (oa, name))
            continue;
          g_string_append_printf (path, ".%s", name);
          *value_a = g_strdup ("(missing)");
          *value_b = to_text (member);
          return TRUE;
        }
    }

  if (a != NULL && b != NULL && JSON_NODE_HOLDS_ARRAY (a) && JSON_NODE_HOLDS_ARRAY (b))
    {
      JsonArray *xa = json_node_get_array (a);
      JsonArray *xb = json_node_get_array (b);
      guint na = json_array_get_length (xa);
      guint nb = json_array_get_length (xb);
      gsize len = path->len;

      for (guint i = 0; i < MAX (na, nb); i++)
        {
          g_string_append_printf (path, "[%u]", i);
          if (first_difference (i < na ? json_array_get_element (xa, i) : NULL,
                                i < nb ? json_array_get_element (xb, i) : NULL,
                                path, value_a, value_b))
            return TRUE;
          g_string_truncate (path, len);
        }
    }

  *value_a = to_text (a);
  *value_b = to_text (b);

  return TRUE;
}

static JsonObject *
nth_step_line (HbCliResult *result,
               guint        n)
{
  guint seen = 0;

  for (guint i = 0; i < result->steps->len; i++)
    {
      JsonObject *line = g_ptr_array_index (result->steps, i);

      if (!json_object_has_member (line, "step"))
        continue;
      if (seen++ == n)
        return line;
    }

  return NULL;
}

static guint
count_step_lines (HbCliResult *result)
{
  guint n = 0;

  for (guint i = 0; i < result->steps->len; i++)
    if (json_object_has_member (g_ptr_array_index (result->steps, i), "step"))
      n++;

  return n;
}

static const char check_examples[] =
  "Outcomes hold no wall-clock times or addresses, so any difference is a real one: an app\n"
  "reading the wall clock or unseeded randomness, or iterating a hash table.\n"
  "\n"
  "Examples:\n"
  "  hassbench-cli check ml-3.hbscenario.json\n"
  "  hassbench-cli check --runs 5 my-app.hbscenario.json\n";

int
hb_cli_check (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) files = NULL;
  HbCliResult *first;
  int runs = 2;
  double timeout = 300;
  const GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Replay N times (default 2)", "N" },
    { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &timeout,
      "Give up on a replay after SECONDS of real time (default 300)", "SECONDS" },
    { NULL }
  };

  context = hb_cli_context_new ("check", "FILE",
                                "Replay a scenario in fresh processes and fail if any "
                                "step's outcome differs (a determinism check).",
                                check_examples);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!hb_cli_parse (context, &argc, &argv))
    return HB_CLI_EXIT_USAGE;
  if (argc != 2)
    return hb_cli_fail ("check", "expected one scenario file; try 'hassbench-cli check "
                        "--help'");
  if (runs < 2)
    return hb_cli_fail ("check", "--runs must be at least 2");

  files = g_ptr_array_new ();
  for (int i = 0; i < runs; i++)
    g_ptr_array_add (files, argv[1]);
  g_ptr_array_add (files, NULL);

  results = hb_cli_run_children ((const char * const *) files->pdata, runs, timeout, NULL,
                                 NULL);
  first = g_ptr_array_index (results, 0);

  if (first->result == NULL || first->spawn_error != NULL)
    {
      g_autofree char *why = hb_cli_result_describe_failure (first, FALSE);

      hb_cli_err ("hassbench-cli check: %s: the replay did not complete:\n%s", argv[1], why);
      return HB_CLI_EXIT_FAILED;
    }

  for (guint r = 1; r < results->len; r++)
    {
      HbCliResult *other = g_ptr_array_index (results, r);
      guint n = MAX (count_step_lines (first), count_step_lines (other));

      for (guint i = 0; i < n; i++)
        {
          JsonObject *a = nth_step_line (first, i);
          JsonObject *b = nth_step_line (other, i);
          g_autoptr(JsonNode) na = a ? json_node_init_object (json_node_alloc (), a) : NULL;
          g_autoptr(JsonNode) nb = b ? json_node_init_object (json_node_alloc (), b) : NULL;
          g_autoptr(GString) path = g_string_new ("");
          g_autofree char *value_a = NULL;
          g_autofree char *value_b = NULL;
          JsonObject *any = a != NULL ? a : b;

          if (!first_difference (na, nb, path, &value_a, &value_b))
            continue;

          hb_cli_out ("%s: not deterministic: steps[%u] %s differs between replay 1 and "
                   "replay %u\n", argv[1], i,
                   json_object_get_string_member_with_default (any, "description", ""),
                   r + 1);
          hb_cli_out ("  at %s\n    replay 1: %s\n    replay %u: %s\n",
                   path->len > 0 ? path->str + 1 : "(the whole step)", value_a, r + 1,
                   value_b);
          return HB_CLI_EXIT_FAILED;
        }

      if ((first->result == NULL) != (other->result == NULL) ||
          first->signal != other->signal)
        {
          hb_cli_out ("%s: not deterministic: replay %u ended differently\n", argv[1], r + 1);
          return HB_CLI_EXIT_FAILED;
        }
    }

  hb_cli_out ("%s: deterministic: %d replays, %u steps, identical outcomes\n", argv[1], runs,
           count_step_lines (first));

  return HB_CLI_EXIT_OK;
}
