/* hb-crash-guard.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hb-crash-guard.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

/* Longest task name text kept, in bytes after escaping; longer names are cut. */
#define TASK_TEXT_MAX  480
#define ALT_STACK_SIZE (64 * 1024)

typedef struct
{
  char  text[TASK_TEXT_MAX + 8];  /* the JSON value: "\"name\"" or "null" */
  gsize len;
} TaskText;

/* Two buffers: the handler reads the one current_text names while the other is
 * rewritten, and the index flips only once a buffer is complete. A crash in another
 * thread in the middle of hb_crash_guard_set_task() so still reads a whole line. */
static TaskText task_texts[2] = {
  { "null", 4 },
  { "null", 4 },
};
static int current_text;

static char alt_stack[ALT_STACK_SIZE];

static const int guarded_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };

/* Appends @len bytes without overrunning @size; returns the new length. */
static gsize
put_bytes (char       *out,
           gsize       pos,
           gsize       size,
           const char *bytes,
           gsize       len)
{
  for (gsize i = 0; i < len && pos < size; i++)
    out[pos++] = bytes[i];
  return pos;
}

static gsize
put_string (char       *out,
            gsize       pos,
            gsize       size,
            const char *str)
{
  while (*str != '\0' && pos < size)
    out[pos++] = *str++;
  return pos;
}

static gsize
put_int (char  *out,
         gsize  pos,
         gsize  size,
         int    value)
{
  char digits[16];
  gsize n = 0;
  unsigned int v = value < 0 ? (unsigned int) -value : (unsigned int) value;

  do
    {
      digits[n++] = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v > 0 && n < sizeof digits);

  if (value < 0 && pos < size)
    out[pos++] = '-';
  while (n > 0 && pos < size)
    out[pos++] = digits[--n];
  return pos;
}

static void
crash_handler (int sig)
{
  char line[TASK_TEXT_MAX + 96];
  const TaskText *task = &task_texts[g_atomic_int_get (&current_text) & 1];
  struct sigaction dfl;
  gsize len = 0;
  gsize done = 0;

  len = put_string (line, len, sizeof line, "{\"event\": \"crash\", \"signal\": ");
  len = put_int (line, len, sizeof line, sig);
  len = put_string (line, len, sizeof line, ", \"task\": ");
  len = put_bytes (line, len, sizeof line, task->text, task->len);
  len = put_string (line, len, sizeof line, "}\n");

  while (done < len)
    {
      ssize_t n = write (STDERR_FILENO, line + done, len - done);

      if (n > 0)
        done += (gsize) n;
      else if (n < 0 && errno == EINTR)
        continue;
      else
        break;
    }

  /* Die of the same signal, so the parent sees what killed us. */
  memset (&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset (&dfl.sa_mask);
  sigaction (sig, &dfl, NULL);
  raise (sig);
}

void
hb_crash_guard_install (void)
{
  stack_t stack;
  struct sigaction action;

  /* A handler on the normal stack cannot run after a stack overflow. */
  memset (&stack, 0, sizeof stack);
  stack.ss_sp = alt_stack;
  stack.ss_size = sizeof alt_stack;
  if (sigaltstack (&stack, NULL) != 0)
    g_warning ("Could not set an alternate signal stack: %s", g_strerror (errno));

  memset (&action, 0, sizeof action);
  action.sa_handler = crash_handler;
  sigemptyset (&action.sa_mask);
  /* RESETHAND: a crash inside the handler kills at once instead of looping. */
  action.sa_flags = SA_ONSTACK | SA_RESETHAND | SA_NODEFER;

  for (guint i = 0; i < G_N_ELEMENTS (guarded_signals); i++)
    sigaction (guarded_signals[i], &action, NULL);
}

/* Renders @name as a JSON string into @out: quotes and backslashes escaped, control
 * characters as \u00XX, bytes that are not UTF-8 as '?', cut at a character boundary. */
static void
render_task (TaskText   *out,
             const char *name)
{
  static const char hex[] = "0123456789abcdef";
  gsize len = 0;
  const char *p = name;

  if (name == NULL)
    {
      memcpy (out->text, "null", 4);
      out->len = 4;
      return;
    }

  out->text[len++] = '"';

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char_validated (p, -1);
      char piece[8];
      gsize piece_len;
      gsize char_len;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          piece[0] = '?';
          piece_len = 1;
          char_len = 1;
        }
      else
        {
          char_len = (gsize) (g_utf8_next_char (p) - p);

          if (c == '"' || c == '\\')
            {
              piece[0] = '\\';
              piece[1] = (char) c;
              piece_len = 2;
            }
          else if (c < 0x20)
            {
              memcpy (piece, "\\u00", 4);
              piece[4] = hex[c >> 4];
              piece[5] = hex[c & 0xf];
              piece_len = 6;
            }
          else
            {
              memcpy (piece, p, char_len);
              piece_len = char_len;
            }
        }

      if (len + piece_len > TASK_TEXT_MAX)
        break;

      memcpy (out->text + len, piece, piece_len);
      len += piece_len;
      p += char_len;
    }

  out->text[len++] = '"';
  out->len = len;
}

void
hb_crash_guard_set_task (const char *task_name)
{
  int next = (g_atomic_int_get (&current_text) + 1) & 1;

  render_task (&task_texts[next], task_name);
  g_atomic_int_set (&current_text, next);
}
