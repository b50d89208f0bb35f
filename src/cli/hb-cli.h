/* hb-cli.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <hassbench.h>

G_BEGIN_DECLS

/*
 * hassbench-cli: the headless verbs. Each verb is `int hb_cli_<verb> (argc, argv)` with
 * argv[0] the verb's name, returning the process exit status:
 * 0 success, 1 a scenario failed (or differed), 2 bad usage or unreadable input.
 */

#define HB_CLI_EXIT_OK      0
#define HB_CLI_EXIT_FAILED  1
#define HB_CLI_EXIT_USAGE   2

int             hb_cli_run          (int argc, char **argv);
int             hb_cli_run_one      (int argc, char **argv);
int             hb_cli_export       (int argc, char **argv);
int             hb_cli_record       (int argc, char **argv);
int             hb_cli_check        (int argc, char **argv);
int             hb_cli_apps         (int argc, char **argv);

/* A verb's option context: "Usage: hassbench-cli VERB PARAMS", a summary, and examples. */
GOptionContext *hb_cli_context_new  (const char *verb,
                                     const char *parameters,
                                     const char *summary,
                                     const char *examples);
/* Parses; on bad options prints the error and a hint to stderr. */
gboolean        hb_cli_parse        (GOptionContext *context,
                                     int            *argc,
                                     char         ***argv);
/* Print to standard output / error as UTF-8, whatever the locale: TAP and JSON readers
 * (and g_print()'s charset conversion under LANG=C) must not see '?' for 'é'. */
G_GNUC_PRINTF (1, 2)
void            hb_cli_out          (const char *format,
                                     ...);
G_GNUC_PRINTF (1, 2)
void            hb_cli_err          (const char *format,
                                     ...);
G_GNUC_PRINTF (2, 3)
int             hb_cli_fail         (const char *verb,
                                     const char *format,
                                     ...);
/* Remembers how to start this program again (for child processes). */
void            hb_cli_set_program  (const char *argv0);
/* Writes @text to @path, or to stdout for "-". */
gboolean        hb_cli_write_output (const char  *path,
                                     const char  *text,
                                     gsize        length,
                                     GError     **error);

/*
 * Running one scenario in a child process. The child (`hassbench-cli _run-one FILE`)
 * writes JSON lines on its standard output:
 *
 *   {"step": 3, "kind": "...", "description": "...", "outcome": {...},
 *    "failure": {"domain", "code", "message"}, "last_drain": {...}}
 *   {"result": {"ok": true, "steps": 12}}
 *   {"result": {"ok": false, "stage": "load" | "app" | "start", "error": {...}}}
 *
 * Anything the app logs goes to standard error.
 */
typedef struct
{
  char       *file;
  gboolean    done;
  gboolean    ok;
  /* The step lines, in order. */
  GPtrArray  *steps;       /* of JsonObject */
  JsonObject *result;      /* (nullable): the result line */
  char       *stderr_text;
  int         signal;      /* > 0 when the child was killed by a signal */
  int         exit_status; /* when it exited */
  gboolean    timed_out;
  GError     *spawn_error;
} HbCliResult;

void            hb_cli_result_free  (HbCliResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HbCliResult, hb_cli_result_free)

typedef void (*HbCliDoneFunc) (HbCliResult *result,
                               guint        index,
                               gpointer     user_data);

/* Runs each file in its own child process, at most @jobs at a time, calling @done as each
 * finishes (in completion order). Returns the results in the order of @files. */
GPtrArray      *hb_cli_run_children (const char * const *files,
                                     guint               jobs,
                                     double              timeout,
                                     HbCliDoneFunc       done,
                                     gpointer            user_data);
/* Why a result failed, for people, as "# "-prefixed lines when @tap. */
char           *hb_cli_result_describe_failure (HbCliResult *result,
                                                gboolean     tap);
/* The result as JSON. */
JsonObject     *hb_cli_result_to_json (HbCliResult *result);

G_END_DECLS
