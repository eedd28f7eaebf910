"""The client guide's flow (docs/client-guide.md) with python-socketio:
connect -> connection_ack -> register(jobId) -> ack -> POST /api/scripts -> scriptResult.

    python3 client.py [serverUrl] [topic]

Set SCRIPTSERVICE_TOKEN when the server requires authentication.
"""
import os
import queue
import sys
import threading
import time

import requests
import socketio

server_url = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:3000"
topic = sys.argv[2] if len(sys.argv) > 2 else "Năng lượng mặt trời cho hộ gia đình"
token = os.environ.get("SCRIPTSERVICE_TOKEN")
job_id = f"job_{int(time.time() * 1000)}"

sio = socketio.Client(reconnection=True, reconnection_attempts=5, reconnection_delay=1)
registrations = queue.Queue()  # register acks, or the refusal of a connection
results = queue.Queue()
print_lock = threading.Lock()  # the socket's events are printed from its own thread


def say(*parts):
    """Prints one line; print writes its parts one by one, and another thread's line could land in between."""
    with print_lock:
        print(*parts, flush=True)


# Every connection, a reconnection included, starts with connection_ack. Registering on each one means a client that
# reconnects still gets its result: the server replays a finished job's result to a new registration.
# Handlers take *_ : with connection state recovery on (the server's default), every event carries one more argument.
@sio.on("connection_ack")
def on_connection_ack(ack, *_):
    if ack["status"] != "success":
        registrations.put({"status": "error", "message": f"connection refused: {ack['message']}"})
        return
    say("connected as", ack["socketId"])
    sio.emit("register", job_id, callback=registrations.put)


@sio.on("scriptProgress")
def on_progress(progress, *_):
    say(f"progress {progress['stage']} {progress['progress']}%")


@sio.on("scriptResult")
def on_result(result, *_):
    results.put(result)


def main():
    sio.connect(server_url, transports=["websocket"], auth={"token": token} if token else None, wait_timeout=10)
    try:
        # Post only once the registration is acknowledged, so the result cannot come before the socket listens for it.
        reply = registrations.get(timeout=30)
        if reply["status"] != "success":
            raise RuntimeError(f"register failed: {reply['message']}")
        say("registered", reply["jobId"])

        response = requests.post(
            f"{server_url}/api/scripts",
            json={
                "jobId": job_id,
                "userId": "user123",
                "topic": topic,
                "audience": "general",
                "style": "informative",
                "sources": [],
                "language": "vi",
                "length": "medium",
            },
            headers={"Authorization": f"Bearer {token}"} if token else {},
            timeout=30,
        )
        say("POST /api/scripts:", response.status_code, response.text)
        if response.status_code != 202:
            raise RuntimeError("the job was not accepted")

        result = results.get(timeout=150)
        if result["status"] != 201:
            raise RuntimeError(f"generation failed: {result['error']}")
        data = result["data"]
        say(f"\n# {data['title']}\n\n{data['description']}\n\n{data['script']}")
    finally:
        sio.disconnect()


if __name__ == "__main__":
    try:
        main()
    except (RuntimeError, queue.Empty, socketio.exceptions.ConnectionError, requests.RequestException) as error:
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
