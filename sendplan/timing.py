"""Server-Timing: the CPU a request took in this process, for the load benchmark.

On only when the SERVER_TIMING environment variable is set (bench/national.py sets
it), because it tells any client how long the server worked. The figure is the
thread's CPU time, so it leaves out time spent waiting for the database or for a
share of a busy machine's cores: what the page costs, not what the queue adds.
"""

import time


class ServerTimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.thread_time()
        response = self.get_response(request)
        cpu_ms = (time.thread_time() - started) * 1000
        response["Server-Timing"] = f"cpu;dur={cpu_ms:.2f}"
        return response
