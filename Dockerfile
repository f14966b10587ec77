# RNN Explorer for a class: the same stack as `make serve` in one container (N Streamlit replicas
# behind nginx, one Dask scheduler and RNN_EXPLORER_MAX_RUNS training workers).
#   docker build -t rnn-explorer . && docker run -p 8501:8501 -e REPLICAS=4 rnn-explorer
# compose.yaml runs the same image as separate services (scheduler, workers, replicas, proxy).
FROM python:3.11-slim-bookworm

# nginx from Debian's packages, as scripts/ensure_nginx.sh would install it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx-light \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The CPU build of torch (requirements.txt pins the version; the default index serves CUDA).
ENV PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# REPLICAS defaults to the container's cores (nproc); SEATS_PER_REPLICA or MAX_SESSIONS set the
# seat limit; LOG_DIR keeps the logs in a volume if one is mounted there.
# DASK_CONFIG: the workers' settings (deploy/dask.yaml) for every scheduler and worker started
# from this image.
ENV PORT=8501 BIND=0.0.0.0 LOG_DIR=/var/log/rnn-explorer DASK_CONFIG=/app/deploy
RUN mkdir -p /var/log/rnn-explorer
EXPOSE 8501
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
CMD ["bash", "scripts/serve.sh", "python"]
