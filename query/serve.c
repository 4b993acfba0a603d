/*
 * lede-serve - serves a lede index to lede-query on other machines (or
 * other users) through Debian's stock xapian-tcpsrv, Xapian's own remote
 * backend: no protocol of lede's. An index is two databases, so two
 * servers run: the sentences on PORT and the articles on PORT+1; lede-query
 * names the index tcp://HOST:PORT. Each connection opens INDEX/current/...,
 * so updates and --rebuild swaps are served without a restart.
 */
#include "lede_private.h"
#include "options.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PROG "lede-serve"
#define DEFAULT_LISTEN "127.0.0.1:7411"

static void usage(FILE *f) {
  fprintf(f, "Usage: " PROG " [OPTION]...\n"
             "Serve a lede index to 'lede-query --index tcp://HOST:PORT' through Xapian's\n"
             "xapian-tcpsrv: the sentences on PORT, the articles on PORT+1.\n"
             "\n"
             "  -i, --index DIR        index to serve (default: $LEDE_INDEX, else the nearest\n"
             "                         .lede here or in a parent folder)\n"
             "      --listen HOST:PORT address to listen on (default " DEFAULT_LISTEN ")\n"
             "      --allow-remote     listen on an address other than loopback; xapian-tcpsrv\n"
             "                         has no authentication: use a private network or an\n"
             "                         ssh tunnel\n"
             "  -q, --quiet            no start-up line\n"
             "  -h, --help             show this help and exit\n"
             "  -V, --version          show the version and exit\n"
             "\n"
             "Stops on SIGTERM or SIGINT. Exit status: 0 stopped by a signal, 2 an error\n"
             "(no index, a busy port, xapian-tcpsrv missing or stopped).\n");
}

/* The stop signal taken (SIGTERM, SIGINT), or 0. */
static int stop_signal;

/* 1 when host names the loopback interface: localhost, or an IPv4
 * address in 127.0.0.0/8. */
static int loopback(const char *host) {
  struct in_addr a;
  return strcmp(host, "localhost") == 0 ||
         (inet_pton(AF_INET, host, &a) == 1 && (ntohl(a.s_addr) >> 24) == 127);
}

/* Why host cannot be listened on, or NULL: xapian-tcpsrv (Xapian 1.4)
 * listens on IPv4 only, and a host of digits and dots must be an address. */
static const char *bad_host(const char *host) {
  struct in_addr a;
  if (strchr(host, ':') || host[0] == '[')
    return "xapian-tcpsrv listens on IPv4 only (use 127.0.0.1, or an IPv4 address with "
           "--allow-remote)";
  if (strspn(host, "0123456789.") == strlen(host) && inet_pton(AF_INET, host, &a) != 1)
    return "not an IPv4 address";
  return NULL;
}

/* 1 when a server at host:port answers: a connection succeeds and the
 * server's greeting arrives (read before closing, so that the server does
 * not fail writing it to a closed connection). */
static int answers(const char *host, long port) {
  struct addrinfo hints, *res = NULL;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  char portbuf[16];
  snprintf(portbuf, sizeof portbuf, "%ld", port);
  if (getaddrinfo(host, portbuf, &hints, &res) != 0)
    return 0;
  int ok = 0;
  for (struct addrinfo *r = res; r && !ok; r = r->ai_next) {
    int fd = socket(r->ai_family, r->ai_socktype | SOCK_CLOEXEC, r->ai_protocol);
    if (fd >= 0) {
      struct timeval wait = {1, 0};
      char greeting[64];
      setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
      ok =
          connect(fd, r->ai_addr, r->ai_addrlen) == 0 && recv(fd, greeting, sizeof greeting, 0) > 0;
      close(fd);
    }
  }
  freeaddrinfo(res);
  return ok;
}

/* Waits for one of the signals waits holds (blocked), at most ms
 * milliseconds (-1: as long as it takes); a stop sets stop_signal. */
static void wait_signal(const sigset_t *waits, long ms) {
  struct timespec t = {ms / 1000, (ms % 1000) * 1000000};
  int sig = ms < 0 ? sigwaitinfo(waits, NULL) : sigtimedwait(waits, NULL, &t);
  if (sig == SIGTERM || sig == SIGINT)
    stop_signal = sig;
}

/* Says that the server of what on port stopped, and how (ws: waitpid's). */
static void say_stopped(const char *what, long port, int ws) {
  fprintf(stderr, PROG ": xapian-tcpsrv serving the %s on port %ld stopped (%s %d)\n", what, port,
          WIFEXITED(ws) ? "exit status" : "signal", WIFEXITED(ws) ? WEXITSTATUS(ws) : WTERMSIG(ws));
}

/* 0 when host:port can be listened on now, else the errno of bind():
 * checked before a server starts, since a busy port's other listener
 * (another lede-serve's xapian-tcpsrv) would answer for ours. */
static int cannot_listen(const char *host, long port) {
  struct addrinfo hints, *res = NULL;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  char portbuf[16];
  snprintf(portbuf, sizeof portbuf, "%ld", port);
  if (getaddrinfo(host, portbuf, &hints, &res) != 0)
    return EADDRNOTAVAIL;
  int err = 0, one = 1;
  int fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC, res->ai_protocol);
  if (fd < 0)
    err = errno;
  else {
    /* as xapian-tcpsrv binds: a port left in TIME_WAIT is free to it */
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, res->ai_addr, res->ai_addrlen) != 0)
      err = errno;
    close(fd);
  }
  freeaddrinfo(res);
  return err;
}

/* Stops a server and the connection processes of its group, and waits for
 * it: SIGTERM, then SIGKILL after 5 s (a server never outlives lede-serve). */
static void stop_server(pid_t pid) {
  kill(-pid, SIGTERM);
  kill(pid, SIGTERM);
  for (int tries = 0; tries < 200; tries++) {
    pid_t r = waitpid(pid, NULL, WNOHANG);
    if (r == pid || (r < 0 && errno != EINTR))
      return;
    nanosleep(&(struct timespec){0, 25000000}, NULL);
  }
  kill(-pid, SIGKILL);
  kill(pid, SIGKILL);
  while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
    ;
}

/* Starts xapian-tcpsrv for one database in its own process group (so that
 * its connection processes stop with it). Returns its pid, or -1. Called
 * with SIGTERM and SIGINT blocked: the child takes the default action for
 * them before it can receive one, so a stop sent before its exec is not
 * caught by lede-serve's handler and lost. */
static pid_t start_server(const char *host, long port, const char *db) {
  pid_t pid = fork();
  if (pid != 0) {
    if (pid > 0)
      setpgid(pid, pid); /* as the child does: whichever runs first */
    return pid;
  }
  setpgid(0, 0);
  signal(SIGTERM, SIG_DFL);
  signal(SIGINT, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  char portbuf[16];
  snprintf(portbuf, sizeof portbuf, "%ld", port);
  execlp("xapian-tcpsrv", "xapian-tcpsrv", "--quiet", "--port", portbuf, "--interface", host, db,
         (char *)NULL);
  fprintf(stderr, PROG ": cannot run xapian-tcpsrv: %s (install Debian's xapian-tools)\n",
          strerror(errno));
  _exit(127);
}

int main(int argc, char **argv) {
  const char *index = NULL, *listen = DEFAULT_LISTEN;
  int allow_remote = 0, quiet = 0, c;
  enum { OPT_LISTEN = 256, OPT_ALLOW_REMOTE };
  static const struct option longopts[] = {{"index", required_argument, NULL, 'i'},
                                           {"listen", required_argument, NULL, OPT_LISTEN},
                                           {"allow-remote", no_argument, NULL, OPT_ALLOW_REMOTE},
                                           {"quiet", no_argument, NULL, 'q'},
                                           {"help", no_argument, NULL, 'h'},
                                           {"version", no_argument, NULL, 'V'},
                                           {NULL, 0, NULL, 0}};
  ledei_std_streams();
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":i:qhV", longopts, NULL)) != -1) {
    switch (c) {
    case 'i': index = optarg; break;
    case OPT_LISTEN: listen = optarg; break;
    case OPT_ALLOW_REMOTE: allow_remote = 1; break;
    case 'q': quiet = 1; break;
    case 'h': usage(stdout); return ledei_stdout_status(PROG);
    case 'V': printf(PROG " " LEDE_VERSION "\n"); return ledei_stdout_status(PROG);
    case ':': fprintf(stderr, PROG ": option '%s' needs a value\n", argv[optind - 1]); return 2;
    default:
      if (!options_complain(stderr, PROG, argv[optind - 1], longopts))
        fprintf(stderr, PROG ": unknown option '%s'\n", argv[optind - 1]);
      fprintf(stderr, "Try '" PROG " --help' for more information.\n");
      return 2;
    }
  }
  if (optind < argc) {
    fprintf(stderr, PROG ": unexpected argument '%s' (see --help)\n", argv[optind]);
    return 2;
  }
  const char *colon = strrchr(listen, ':');
  char *end = NULL;
  long port = colon ? strtol(colon + 1, &end, 10) : 0;
  if (!colon || colon == listen || !end || *end || port < 1 || port > 65534) {
    fprintf(stderr, PROG ": --listen %s: expected HOST:PORT with PORT from 1 to 65534\n", listen);
    return 2;
  }
  char host[256];
  snprintf(host, sizeof host, "%.*s", (int)(colon - listen), listen);
  const char *why = bad_host(host);
  if (why) {
    fprintf(stderr, PROG ": --listen %s: %s\n", listen, why);
    return 2;
  }
  if (!loopback(host) && !allow_remote) {
    fprintf(stderr,
            PROG ": --listen %s is not a loopback address; xapian-tcpsrv has no "
                 "authentication, so serving beyond this machine needs --allow-remote\n",
            listen);
    return 2;
  }
  char *dir = lede_index_locate(index);
  lede_db_t *db = NULL;
  if (lede_db_open_read(&db, dir) != LEDE_OK) {
    fprintf(stderr, PROG ": %s\n", lede_last_error());
    free(dir);
    return 2;
  }
  lede_db_close(db);
  if (!loopback(host))
    fprintf(stderr,
            PROG ": warning: serving %s to the network at %s without authentication or "
                 "encryption: anyone who can reach it can read the index (use a private "
                 "network or an ssh tunnel)\n",
            dir, listen);

  size_t n = strlen(dir) + 32;
  char *sentences = malloc(n), *articles = malloc(n);
  snprintf(sentences, n, "%s/current/sentences", dir);
  snprintf(articles, n, "%s/current/articles", dir);
  for (long p = port; p <= port + 1; p++) {
    int err = cannot_listen(host, p);
    if (err) {
      fprintf(stderr, PROG ": cannot listen on %s:%ld (for the %s): %s\n", host, p,
              p == port ? "sentences" : "articles", strerror(err));
      free(sentences);
      free(articles);
      free(dir);
      return 2;
    }
  }
  /* The stops and a server's end stay blocked from here, taken with
   * sigtimedwait() (a handler's flag checked before a blocking wait lost a
   * stop that came in between, and lede-serve kept serving). */
  sigset_t waits;
  sigemptyset(&waits);
  sigaddset(&waits, SIGTERM);
  sigaddset(&waits, SIGINT);
  sigaddset(&waits, SIGCHLD);
  sigprocmask(SIG_BLOCK, &waits, NULL);
  pid_t kids[2] = {start_server(host, port, sentences), start_server(host, port + 1, articles)};
  int fork_errno = errno;
  const char *what[2] = {"sentences", "articles"};
  int status = 0;
  if (kids[0] < 0 || kids[1] < 0) {
    fprintf(stderr, PROG ": cannot start xapian-tcpsrv: %s\n", strerror(fork_errno));
    status = 2;
  }
  /* Said to be serving once both servers answer (a busy port or an
   * address not on this machine stops a server first: said why). */
  int ready = 0;
  for (int tries = 0; status == 0 && !ready && !stop_signal && tries < 200; tries++) {
    for (int k = 0; k < 2 && status == 0; k++) {
      int ws;
      if (waitpid(kids[k], &ws, WNOHANG) == kids[k]) {
        say_stopped(what[k], port + k, ws);
        kids[k] = -1;
        status = 2;
      }
    }
    if (status == 0 && !(ready = answers(host, port) && answers(host, port + 1)))
      wait_signal(&waits, 25);
  }
  if (status == 0 && !quiet) {
    if (ready)
      fprintf(stderr, PROG ": serving %s as tcp://%s (sentences on port %ld, articles on %ld)\n",
              dir, listen, port, port + 1);
    else if (!stop_signal)
      fprintf(stderr, PROG ": xapian-tcpsrv started for %s but does not answer at %s yet\n", dir,
              listen);
  }
  while (status == 0 && !stop_signal) {
    int ws;
    pid_t done;
    while ((done = waitpid(-1, &ws, WNOHANG)) > 0)
      for (int k = 0; k < 2; k++)
        if (done == kids[k]) {
          say_stopped(what[k], port + k, ws);
          kids[k] = -1;
          status = 2;
        }
    if (done < 0 && errno == ECHILD)
      break;
    if (status == 0)
      wait_signal(&waits, -1);
  }
  for (int k = 0; k < 2; k++)
    if (kids[k] > 0)
      stop_server(kids[k]);
  free(sentences);
  free(articles);
  free(dir);
  return status;
}
