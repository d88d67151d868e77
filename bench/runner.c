/* Runs one command and prints "WALL_NS MAXRSS_KB STATUS" on stdout.

       runner COMMAND [ARG...]

   bench/run compiles it (cc -O2) and times every command through it, because
   a child's ru_maxrss starts from the memory of the process that forked it:
   forked from Python, a small command reports Python's 10-30 MB. This
   process is a few hundred KB, so wait4's ru_maxrss is the command's own peak.
   The command's stdout and stderr go to /dev/null. STATUS is the exit code,
   or 128 + the signal number if a signal ended it; 127 if it could not start. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fputs("usage: runner COMMAND [ARG...]\n", stderr);
    return 2;
  }
  const long long start = now_ns();
  const pid_t pid = fork();
  if (pid < 0) {
    perror("runner: fork");
    return 1;
  }
  if (pid == 0) {
    const int null = open("/dev/null", O_WRONLY);
    if (null >= 0) {
      dup2(null, STDOUT_FILENO);
      dup2(null, STDERR_FILENO);
    }
    execvp(argv[1], argv + 1);
    _exit(127);
  }
  int status = 0;
  struct rusage usage;
  if (wait4(pid, &status, 0, &usage) < 0) {
    perror("runner: wait4");
    return 1;
  }
  const long long wall = now_ns() - start;
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  printf("%lld %ld %d\n", wall, usage.ru_maxrss, code);
  return 0;
}
